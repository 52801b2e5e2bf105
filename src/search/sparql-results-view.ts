import N3 from 'n3';
import { recordHref } from '../pid/index.js';
import type { QueryType } from '../query/index.js';
import type { SparqlResults, SparqlTerm } from '../representation/index.js';

/** One cell of a results table: an IRI with where it leads, a literal with its datatype or language, a blank node. */
export type ResultCell =
  | { readonly kind: 'iri'; readonly value: string; readonly href: string; readonly record: boolean }
  | { readonly kind: 'literal'; readonly value: string; readonly datatype?: string; readonly language?: string }
  | { readonly kind: 'blank'; readonly value: string };

/** One page of a query's results, as the SPARQL page shows them. */
export interface SparqlResultsView {
  readonly form: QueryType;
  /** The columns: the SELECT variables, or subject, predicate, object for a graph. */
  readonly columns: readonly string[];
  /** This page's rows; a cell is undefined where the variable is unbound. */
  readonly rows: readonly (readonly (ResultCell | undefined)[])[];
  /** An ASK query's answer. */
  readonly boolean?: boolean;
  /** Rows in all pages. */
  readonly total: number;
  /** This page, from 1. */
  readonly page: number;
  readonly pages: number;
  readonly pageSize: number;
}

/** The rows of a query's result before paging: SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE). */
export type QueryResultBody =
  | { readonly form: 'SELECT' | 'ASK'; readonly json: SparqlResults }
  | { readonly form: 'CONSTRUCT' | 'DESCRIBE'; readonly ntriples: string };

/** What {@link buildSparqlResultsView} needs. */
export interface SparqlResultsViewOptions {
  /** The page to show, from 1 (clamped to the pages there are). */
  readonly page: number;
  /** Rows a page (the SPARQL page shows 50). */
  readonly pageSize: number;
  /** PHD_BASE_URL, for the landing-page paths of minted IRIs. */
  readonly baseUrl: string;
  /** Which of some IRIs are records this service holds (they link to their landing pages; other IRIs link to themselves). */
  readonly records: (iris: readonly string[]) => Promise<ReadonlySet<string>>;
}

type Term = { readonly termType: string; readonly value: string; readonly datatype?: { readonly value: string }; readonly language?: string };

/**
 * Turns a query's result into one page of a table: the rows are sliced (the query ran once; paging
 * happens here), and each IRI links to its record's landing page (`/pid/…`, `/id/…`, as recordHref
 * writes them) when it names a record of this service, else to itself.
 * @param body - the result in SPARQL JSON or N-Triples.
 * @param options - page, page size, base URL, the record check.
 * @returns the view.
 */
export async function buildSparqlResultsView(body: QueryResultBody, options: SparqlResultsViewOptions): Promise<SparqlResultsView> {
  const all: (Term | undefined)[][] = [];
  let columns: readonly string[];
  let boolean: boolean | undefined;
  if ('json' in body) {
    columns = body.json.head.vars ?? [];
    boolean = body.json.boolean;
    for (const binding of body.json.results?.bindings ?? []) all.push(columns.map((name) => termOf(binding[name])));
  } else {
    columns = ['subject', 'predicate', 'object'];
    for (const quad of new N3.Parser({ format: 'N-Triples' }).parse(body.ntriples)) all.push([quad.subject, quad.predicate, quad.object]);
  }
  const pages = Math.max(1, Math.ceil(all.length / options.pageSize));
  const page = Math.min(Math.max(1, Math.floor(options.page)), pages);
  const slice = all.slice((page - 1) * options.pageSize, page * options.pageSize);
  const iris = [...new Set(slice.flat().flatMap((t) => (t?.termType === 'NamedNode' ? [t.value] : [])))];
  const records = iris.length === 0 ? new Set<string>() : await options.records(iris);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const rows = slice.map((row) => row.map((term): ResultCell | undefined => {
    if (term === undefined) return undefined;
    if (term.termType === 'NamedNode') {
      const record = records.has(term.value);
      return { kind: 'iri', value: term.value, href: record ? recordHref(term.value, baseUrl) : term.value, record };
    }
    if (term.termType === 'BlankNode') return { kind: 'blank', value: term.value };
    return {
      kind: 'literal', value: term.value,
      ...(term.language !== undefined && term.language !== '' ? { language: term.language } : term.datatype === undefined ? {} : { datatype: term.datatype.value }),
    };
  }));
  return { form: body.form, columns, rows, ...(boolean === undefined ? {} : { boolean }), total: all.length, page, pages, pageSize: options.pageSize };
}

/** A SPARQL JSON term as an RDF/JS-like term (`typed-literal`, the SPARQL XML-era spelling, included). */
function termOf(term: SparqlTerm | undefined): Term | undefined {
  if (term === undefined) return undefined;
  if (term.type === 'uri') return { termType: 'NamedNode', value: term.value };
  if (term.type === 'bnode') return { termType: 'BlankNode', value: term.value };
  const language = term['xml:lang'];
  return {
    termType: 'Literal', value: term.value,
    ...(language === undefined ? { datatype: { value: term.datatype ?? 'http://www.w3.org/2001/XMLSchema#string' } } : { language }),
  };
}
