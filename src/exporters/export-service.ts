import N3 from 'n3';
import { NotFoundError, GoneError, UnprocessableError } from '../errors/phd-error.js';
import type { NboqMapping } from '../domain/nbo-q-mapping.js';
import type { RecordStore } from '../store/record-store.js';
import { dataciteJson, dataciteOf, dataciteXml } from './datacite-export.js';
import { exportGraph } from './export-graph.js';
import { exportMicrometa } from './micrometa-export.js';
import { pidinstOf } from './pidinst-export.js';

/** The export formats: Micro-Meta App (back to the app), PIDINST 1.0, DataCite 4.5. */
export const EXPORT_FORMATS = ['micrometa', 'pidinst', 'datacite'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Media types of the exports. DataCite's are the ones DataCite's content negotiation uses. */
export const EXPORT_MEDIA_TYPES = {
  micrometa: 'application/json',
  pidinst: 'application/json',
  dataciteXml: 'application/vnd.datacite.datacite+xml',
  dataciteJson: 'application/vnd.datacite.datacite+json',
} as const;

/** One exported document. */
export interface ExportedDocument {
  readonly mediaType: string;
  readonly body: string;
  /** A file name for Content-Disposition. */
  readonly filename: string;
}

/** Options of {@link ExportService.export}. */
export interface ExportRequest {
  /** DataCite: XML (default) or the REST API's JSON. */
  readonly variant?: 'xml' | 'json';
  /** DataCite: the DOI to register, for a record not named by a DOI. */
  readonly doi?: string;
}

/** Dependencies of {@link ExportService}. */
export interface ExportServiceOptions {
  readonly store: RecordStore;
  readonly baseUrl: string;
  /** The NBO-Q mapping, asked for only by the Micro-Meta App export (reading it takes ~0.6 s). */
  readonly mapping: () => NboqMapping;
}

function fileStem(iri: string): string {
  return iri.replace(/^https?:\/\/[^/]+\//, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(-80);
}

/**
 * Writes a stored record in a community format, for the CLI (`imaging-phd export`) and HTTP
 * (`GET /export/{format}/{pid}`) alike.
 */
export class ExportService {
  private readonly store: RecordStore;
  private readonly baseUrl: string;
  private readonly mapping: () => NboqMapping;

  public constructor(options: ExportServiceOptions) {
    this.store = options.store;
    this.baseUrl = options.baseUrl;
    this.mapping = options.mapping;
  }

  /**
   * Exports one record.
   * @param format - micrometa (a configuration), pidinst (an instance), datacite (either).
   * @param iri - the record's IRI (canonical PID IRI or minted IRI).
   * @param request - DataCite variant and DOI.
   * @returns the document.
   * @example
   * ```ts
   * const { body } = await exports.export('datacite', 'https://doi.org/10.5072/phd.ecc.sp8', { variant: 'xml' });
   * ```
   */
  public async export(format: ExportFormat, iri: string, request: ExportRequest = {}): Promise<ExportedDocument> {
    const stem = fileStem(iri);
    switch (format) {
      case 'micrometa': {
        const record = await this.store.get(iri);
        if (record === undefined) throw new NotFoundError(`No record ${iri}.`);
        if (record.deletedAt !== undefined) throw new GoneError(`${iri} was withdrawn on ${record.deletedAt}.`);
        if (record.kind !== 'configuration') {
          throw new UnprocessableError(`${iri} is a ${record.kind} record; a Micro-Meta App file describes one hardware configuration: export a configuration version.`, { code: 'not-exportable' });
        }
        const quads = new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
        const file = exportMicrometa(quads, iri, this.mapping());
        return { mediaType: EXPORT_MEDIA_TYPES.micrometa, body: `${JSON.stringify(file, null, 2)}\n`, filename: `${stem}.json` };
      }
      case 'pidinst': {
        const record = pidinstOf(await exportGraph(this.store, iri), iri, { baseUrl: this.baseUrl });
        return { mediaType: EXPORT_MEDIA_TYPES.pidinst, body: `${JSON.stringify(record, null, 2)}\n`, filename: `${stem}.pidinst.json` };
      }
      case 'datacite': {
        const resource = dataciteOf(await exportGraph(this.store, iri), iri, { baseUrl: this.baseUrl, ...(request.doi === undefined ? {} : { doi: request.doi }) });
        return request.variant === 'json'
          ? { mediaType: EXPORT_MEDIA_TYPES.dataciteJson, body: `${JSON.stringify(dataciteJson(resource), null, 2)}\n`, filename: `${stem}.datacite.json` }
          : { mediaType: EXPORT_MEDIA_TYPES.dataciteXml, body: dataciteXml(resource), filename: `${stem}.datacite.xml` };
      }
    }
  }
}
