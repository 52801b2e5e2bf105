import N3 from 'n3';
import { NotFoundError, GoneError, UnprocessableError } from '../errors/index.js';
import type { NboqMapping } from '../domain/index.js';
import { MEDIA_TYPES } from '../representation/index.js';
import type { MediaTypeId } from '../representation/index.js';
import type { RecordStore } from '../store/index.js';
import { dataciteOf } from './datacite-export.js';
import { dataciteJson } from './datacite-json.js';
import { dataciteXml } from './datacite-xml.js';
import { exportGraph } from './export-graph.js';
import { exportMicrometa } from './micrometa-export.js';
import { pidinstOf } from './pidinst-export.js';

/** The export formats: Micro-Meta App (back to the app), PIDINST 1.0, DataCite 4.5. */
export const EXPORT_FORMATS = ['micrometa', 'pidinst', 'datacite'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The representations of each export (registry ids), preferred first. DataCite's media types are the
 * ones DataCite's content negotiation uses.
 */
export const EXPORT_REPRESENTATIONS = {
  micrometa: ['micrometa+json'],
  pidinst: ['pidinst+json'],
  datacite: ['datacite+xml', 'datacite+json'],
} as const satisfies Readonly<Record<ExportFormat, readonly MediaTypeId[]>>;

/** One of the export representations. */
export type ExportRepresentation = (typeof EXPORT_REPRESENTATIONS)[ExportFormat][number];

/** One exported document. */
export interface ExportedDocument {
  readonly representation: ExportRepresentation;
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

/** A document in one representation, named by the record and the representation's file extension. */
function documentOf(representation: ExportRepresentation, body: string, iri: string): ExportedDocument {
  const entry = MEDIA_TYPES[representation];
  return { representation, mediaType: entry.mediaType, body, filename: `${fileStem(iri)}${entry.extensions[0]}` };
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
        return documentOf('micrometa+json', `${JSON.stringify(file, null, 2)}\n`, iri);
      }
      case 'pidinst': {
        const record = pidinstOf(await exportGraph(this.store, iri), iri, { baseUrl: this.baseUrl });
        return documentOf('pidinst+json', `${JSON.stringify(record, null, 2)}\n`, iri);
      }
      case 'datacite': {
        const resource = dataciteOf(await exportGraph(this.store, iri), iri, { baseUrl: this.baseUrl, ...(request.doi === undefined ? {} : { doi: request.doi }) });
        return request.variant === 'json'
          ? documentOf('datacite+json', `${JSON.stringify(dataciteJson(resource), null, 2)}\n`, iri)
          : documentOf('datacite+xml', dataciteXml(resource), iri);
      }
    }
  }
}
