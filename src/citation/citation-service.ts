import { recordHref } from '../pid/index.js';
import type { StoredRecord } from '../store/index.js';
import { citationFacts } from './citation-facts.js';
import type { RecordReader } from './citation-facts.js';
import { formatCitation } from './citation-formats.js';
import type { BibliographyRequest, CitationFormat } from './citation-formats.js';
import type { CitationView } from './citation-view.js';
import { cslItemsOf, isCitable } from './csl-items.js';
import { methodsSentence } from './methods-sentence.js';

/** Dependencies of {@link CitationService}. */
export interface CitationServiceOptions {
  /** Reads a live record (undefined for an unknown or withdrawn one). */
  readonly read: RecordReader;
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
}

/**
 * Cites records: builds a record's {@link CitationView} (CSL-JSON items, the APA references and the
 * methods sentence) from the records of its hardware chain, and writes it in the citation formats
 * DataCite content negotiation uses.
 */
export class CitationService {
  private readonly read: RecordReader;
  private readonly baseUrl: string;

  public constructor(options: CitationServiceOptions) {
    this.read = options.read;
    this.baseUrl = options.baseUrl;
  }

  /**
   * How to cite a record.
   * @param record - the record.
   * @returns its citation view; undefined for a kind without a citation (organizations, people).
   * @example
   * const view = await citations.view(await store.get('https://doi.org/10.5072/phd.ecc.sp8.v2'));
   * view?.methods; // 'Images were acquired with a Leica TCS SP8 …'
   */
  public async view(record: StoredRecord): Promise<CitationView | undefined> {
    const kind = record.kind;
    if (!isCitable(kind)) return undefined;
    const facts = await citationFacts(record, this.read);
    const items = cslItemsOf(facts, { baseUrl: this.baseUrl });
    const sentence = methodsSentence(facts, this.baseUrl);
    return {
      iri: record.iri,
      kind,
      href: recordHref(record.iri, this.baseUrl),
      items,
      references: await Promise.all(items.map(async (item, index) => ({ cites: index === 0 ? 'record' as const : 'hardware' as const, text: (await formatCitation([item], 'bibliography')).trim() }))),
      methods: sentence.text,
      missing: sentence.missing,
    };
  }

  /**
   * A citation in one format.
   * @param view - the record's citation view.
   * @param format - BibTeX, RIS, CSL-JSON or a formatted bibliography.
   * @param request - the bibliography's style and locale.
   * @returns the text.
   * @throws BadRequestError for an unknown style or locale.
   */
  public render(view: CitationView, format: CitationFormat, request: BibliographyRequest = {}): Promise<string> {
    return formatCitation(view.items, format, request);
  }
}
