import { pidFromIri, pidPathOf } from '../domain/index.js';
import { recordHref } from '../pid/index.js';

/** Where an instance's printable label, its QR code and the URL the QR code encodes are. */
export interface InstrumentLabelPaths {
  /** `/pid/{pid}/label`: the printable label page. */
  readonly label: string;
  /** `/pid/{pid}/qr.svg`: the QR code alone, as SVG. */
  readonly qrCode: string;
  /**
   * What the QR code encodes: the PID's own resolver URL (`https://doi.org/…`,
   * `https://hdl.handle.net/…`) when the record is named by a DOI or handle, since that URL keeps
   * working wherever the record moves; else the record's landing page on this service.
   */
  readonly resolvable: string;
}

/**
 * The paths of an instance's label and QR code, and the URL its QR code encodes.
 * @param iri - the record's canonical IRI.
 * @param baseUrl - PHD_BASE_URL.
 * @returns the paths (on this service) and the absolute URL to encode.
 * @example
 * instrumentLabelPaths('https://doi.org/10.5072/phd.igc.macred', base).label; // '/pid/doi:10.5072/phd.igc.macred/label'
 */
export function instrumentLabelPaths(iri: string, baseUrl: string): InstrumentLabelPaths {
  const base = baseUrl.replace(/\/+$/, '');
  const href = recordHref(iri, base);
  const pidPath = pidPathOf(href);
  const pid = pidFromIri(iri);
  return {
    label: `${pidPath}/label`,
    qrCode: `${pidPath}/qr.svg`,
    resolvable: pid?.scheme === 'doi' || pid?.scheme === 'handle' ? pid.iri : `${base}${href}`,
  };
}
