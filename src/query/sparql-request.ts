import sparqljs from 'sparqljs';
import type { ParserOptions, SparqlQuery } from 'sparqljs';
import { BadRequestError, ParseError } from '../errors/index.js';
import { positionOf } from '../rdf/index.js';
import type { QueryType } from './result-formats.js';

/** A query the endpoint accepted, ready to run. */
export interface AnalyzedQuery {
  /** The query form. */
  readonly type: QueryType;
  /** The text to run: the client's text, or a rewrite of it with a lower LIMIT. */
  readonly text: string;
  /**
   * True when the result may exceed the limit and the executor must count: a SELECT whose LIMIT
   * was added or lowered to `maxResults + 1`, and every CONSTRUCT or DESCRIBE (their limit counts
   * triples, which only the executor sees).
   */
  readonly mustCount: boolean;
  /** Graphs named by FROM (the query's default graph), in order. */
  readonly defaultGraphs: readonly string[];
  /** Graphs named by FROM NAMED. */
  readonly namedGraphs: readonly string[];
  /** The parsed query (sparqljs), as the client wrote it. */
  readonly parsed: SparqlQuery;
}

/** Options of {@link analyzeQuery}. */
export interface AnalyzeOptions {
  /** The result limit; a SELECT without LIMIT, or with a larger one, is rewritten to `LIMIT maxResults + 1`. */
  readonly maxResults?: number;
  /** Base IRI for relative IRIs when the query declares no BASE (the endpoint URL). */
  readonly baseIri?: string;
  /**
   * The SERVICE endpoints a query may name (federation: the configured peers). Without it, SERVICE
   * is refused anywhere; with it, a SERVICE naming any other IRI, or a variable, is refused.
   */
  readonly allowService?: (endpoint: string) => boolean;
}

const QUERY_TYPES: ReadonlySet<string> = new Set(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);

const UPDATE_KEYWORD = /^(?:\s+|#[^\n]*(?:\n|$)|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b/i;

/** Longest query text analysed (the parser is recursive and slows sharply with nesting). */
export const MAX_QUERY_LENGTH = 64 * 1024;
/** Deepest nesting of ( and { accepted. */
export const MAX_QUERY_NESTING = 100;

/**
 * Refuses, before parsing, queries that are too long or nested too deeply to parse safely on the
 * main thread (a cheap scan; brackets inside strings and IRIs count too, which only errs on the safe side).
 * @param text - the query.
 */
function checkSize(text: string): void {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new BadRequestError(`The query is ${text.length} characters long; the limit is ${MAX_QUERY_LENGTH}.`, { code: 'query-too-long' });
  }
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 41 || c === 125) depth -= 1;
  }
  if (deepest > MAX_QUERY_NESTING) {
    throw new BadRequestError(`The query nests brackets ${deepest} deep; the limit is ${MAX_QUERY_NESTING}.`, { code: 'query-too-deep' });
  }
}

/**
 * Parses a SPARQL request and checks that this endpoint may run it.
 *
 * - Updates (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD) are refused with a 400
 *   `update-refused`: the endpoint is read-only, writes go through /records.
 * - Queries longer than MAX_QUERY_LENGTH or nested deeper than MAX_QUERY_NESTING are refused
 *   before parsing (400 `query-too-long` / `query-too-deep`): the parser is recursive.
 * - SERVICE is refused anywhere in the query (400 `service-refused`): federation goes through
 *   /federated/sparql.
 * - FROM and FROM NAMED are allowed; they select record graphs, returned in `defaultGraphs` /
 *   `namedGraphs` so the executor passes them as the dataset (nothing is ever fetched).
 * - A SELECT without LIMIT, or with a LIMIT above `maxResults`, is rewritten to
 *   `LIMIT maxResults + 1`, so the executor can tell "more than maxResults" without computing
 *   the whole result. Prefixes and base are kept.
 *
 * @param text - the query text.
 * @param options - result limit and base IRI.
 * @returns the query form, the text to run and the dataset named in the query.
 * @throws ParseError (400, with line and column) on a syntax error; BadRequestError (400) on a refused query.
 * @example
 * const { type, text } = analyzeQuery('SELECT * WHERE { ?s ?p ?o }', { maxResults: 10000 });
 * // type === 'SELECT', text ends with 'LIMIT 10001'
 */
export function analyzeQuery(text: string, options: AnalyzeOptions = {}): AnalyzedQuery {
  checkSize(text);
  const parsed = parse(text, options.baseIri);
  if (parsed.type === 'update') throw updateRefused();
  // sparqljs accepts an empty text (or a bare prologue) as a query without a form.
  if ((parsed.type as string | undefined) !== 'query' || !QUERY_TYPES.has(parsed.queryType)) {
    throw new BadRequestError('The request holds no query: send a SELECT, ASK, CONSTRUCT or DESCRIBE query.', { code: 'missing-query' });
  }
  // Anywhere in the query: patterns, VALUES, and EXISTS in projections, ORDER BY and HAVING.
  const services = serviceNames(parsed);
  if (services.length > 0) {
    const allow = options.allowService;
    if (allow === undefined) {
      throw new BadRequestError(
        'SERVICE is not allowed on this endpoint: it only queries the records stored here. Federation goes through /federated/sparql, which queries this instance and its peers.',
        { code: 'service-refused' },
      );
    }
    const at = services.findIndex((name) => name === undefined || !allow(name));
    if (at >= 0) {
      const refused = services[at];
      throw new BadRequestError(
        refused === undefined
          ? 'SERVICE with a variable is refused: only the configured peers may be queried, each named by its SPARQL endpoint.'
          : `SERVICE <${refused}> is refused: only the configured peers' endpoints may be queried (see /.well-known/void).`,
        { code: 'service-refused', details: { service: refused ?? null } },
      );
    }
  }
  const type = parsed.queryType;
  const defaultGraphs = parsed.from?.default.map((g) => g.value) ?? [];
  const namedGraphs = parsed.from?.named.map((g) => g.value) ?? [];
  const base = { type, defaultGraphs, namedGraphs, parsed };
  if (parsed.queryType !== 'SELECT') return { ...base, text, mustCount: type === 'CONSTRUCT' || type === 'DESCRIBE' };

  const max = options.maxResults;
  if (max === undefined || (parsed.limit !== undefined && parsed.limit <= max)) return { ...base, text, mustCount: false };
  if (parsed.limit === undefined && parsed.values === undefined) {
    // Appending keeps the client's text (and so Oxigraph's reading of it) exactly: LIMIT may follow
    // OFFSET, and the newline ends a trailing comment.
    return { ...base, text: `${text}\nLIMIT ${max + 1}\n`, mustCount: true };
  }
  const generator = new sparqljs.Generator();
  return { ...base, text: generator.stringify({ ...parsed, limit: max + 1 }), mustCount: true };
}

function updateRefused(): BadRequestError {
  return new BadRequestError(
    'This SPARQL endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD) is refused. Write records through /records (POST, PUT, DELETE) with a bearer token.',
    { code: 'update-refused' },
  );
}

function parse(text: string, baseIri: string | undefined): SparqlQuery {
  const parserOptions: ParserOptions & { skipValidation: boolean } = { skipValidation: false, ...(baseIri === undefined ? {} : { baseIRI: baseIri }) };
  try {
    return new sparqljs.Parser(parserOptions).parse(text);
  } catch (error) {
    if (UPDATE_KEYWORD.test(text)) throw updateRefused();
    throw toParseError(text, error);
  }
}

/** What sparqljs (Jison) attaches to a syntax error. */
interface JisonErrorHash {
  text?: string;
  token?: string;
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
  expected?: string[];
}

/**
 * Builds a ParseError with the position of the offending token. Jison reports the location of the
 * last token it accepted (`hash.loc`); the offending token starts at the first character after it
 * that is not whitespace or a comment.
 */
function toParseError(text: string, error: unknown): ParseError {
  const message = error instanceof Error ? error.message : String(error);
  const hash = (error as { hash?: JisonErrorHash }).hash;
  if (hash?.loc !== undefined) {
    const afterPrevious = offsetOf(text, hash.loc.last_line, hash.loc.last_column);
    const position = positionOf(text, skipIgnorable(text, afterPrevious));
    const token = hash.token === 'EOF' ? 'the end of the query' : `"${(hash.text ?? '').slice(0, 40)}"`;
    const expected = (hash.expected ?? []).map((e) => e.replace(/^'|'$/g, ''));
    const shown = expected.length > 12 ? `${expected.slice(0, 12).join(', ')}, …` : expected.join(', ');
    return new ParseError(
      `SPARQL syntax error at line ${position.line}, column ${position.column}: unexpected ${token}${shown === '' ? '' : ` (expected ${shown})`}. Fix the query and send it again.`,
      position,
      { cause: error, details: { expected } },
    );
  }
  // Errors raised after the grammar matched (unknown prefix, ungrouped variable, relative IRI):
  // point at the first mention of the culprit when there is one.
  const prefix = /^Unknown prefix: (.*)$/.exec(message)?.[1];
  const variable = /ungrouped variable \(\?(\w+)\)/.exec(message)?.[1];
  const at = prefix !== undefined ? new RegExp(`(^|[\\s({,;/|^!])${escapeRegExp(prefix)}:`).exec(text)
    : variable !== undefined ? new RegExp(`[?$]${variable}\\b`).exec(text) : null;
  const position = at === null ? undefined : positionOf(text, at.index + (at[1]?.length ?? 0));
  const where = position === undefined ? '' : ` at line ${position.line}, column ${position.column}`;
  return new ParseError(`SPARQL error${where}: ${message}. Fix the query and send it again.`, position ?? {}, { cause: error });
}

/** 0-based offset of a Jison position (1-based line, 0-based column). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + column, text.length);
}

function skipIgnorable(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i += 1;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else break;
  }
  return i;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The endpoints of every SERVICE pattern below `node` (groups, OPTIONAL, UNION, sub-queries,
 * EXISTS, nested SERVICE): the IRI, or undefined for a variable.
 */
function serviceNames(node: unknown): (string | undefined)[] {
  if (Array.isArray(node)) return node.flatMap(serviceNames);
  if (typeof node !== 'object' || node === null) return [];
  // RDF terms carry no patterns; skip them rather than walk their fields.
  if ('termType' in node) return [];
  const own: (string | undefined)[] = [];
  if ((node as { type?: unknown }).type === 'service') {
    const name = (node as { name?: { termType?: string; value?: string } }).name;
    own.push(name?.termType === 'NamedNode' ? name.value : undefined);
  }
  return [...own, ...Object.values(node).flatMap(serviceNames)];
}
