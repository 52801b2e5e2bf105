import Database from 'better-sqlite3';
import type { NamedNode, Store } from 'oxigraph';
import { BadRequestError, ParseError } from '../errors/index.js';
import { LIVE_GRAPHS_SQL } from '../store/index.js';
import { WASM } from '../workers/index.js';
import { ResultTooLargeError } from './query-errors.js';
import type { QueryType } from './result-formats.js';
import { mediaTypeFor } from '../representation/index.js';
import type { QueryDataset } from './query-engine.js';
import { ValidityIntervals } from './validity-intervals.js';
import { oxigraph } from '../rdf/index.js';

/** One record graph: its IRI (the graph name) and its triples as N-Triples. */
export interface RecordGraph {
  readonly iri: string;
  readonly ntriples: string;
}

/** A query to run on the index; see {@link QueryIndex.execute}. */
export interface IndexQuery extends QueryDataset {
  /** The query text (already analyzed: read-only, no SERVICE). */
  readonly text: string;
  readonly type: QueryType;
  /** The media type to serialize the result in (one Oxigraph writes; see result-formats.ts). */
  readonly format: string;
  /** The result limit (solutions for SELECT, triples for CONSTRUCT/DESCRIBE). */
  readonly maxResults: number;
  /** Whether the result must be counted against `maxResults` (see AnalyzedQuery.mustCount). */
  readonly mustCount: boolean;
  /** Base IRI for relative IRIs in the query. */
  readonly baseIri?: string | undefined;
}

/** The outcome of loading an index from the record store. */
export interface IndexLoadReport {
  readonly records: number;
  /** Quads of the records (the vocabulary graphs not counted). */
  readonly quads: number;
  /** Quads of the vocabulary graphs (ontology/*.ttl), loaded beside the records. */
  readonly vocabularyQuads: number;
  readonly ms: number;
}

/** Characters of text per bulk load call; bounds the memory of one batch. */
const BATCH_CHARS = 4_000_000;

/**
 * An in-memory replica of the record store for SPARQL: an Oxigraph store in which each record is
 * the named graph named by its IRI. The store it replicates has validated every record, so bulk
 * loads skip the checks and the transaction.
 *
 * It lives in a query worker (see query-worker.ts); it can also be used in-process (CLI, tests).
 */
export class QueryIndex {
  private readonly store: Store;
  /** Each configuration's derived validUntil, kept in DERIVED_GRAPH (see validity-intervals.ts). */
  private readonly intervals: ValidityIntervals;

  /**
   * @param store - the Oxigraph store to query (one restored from a snapshot, see index-startup.ts); absent: a new, empty one.
   */
  public constructor(store: Store = new oxigraph.Store()) {
    this.store = store;
    this.intervals = new ValidityIntervals(store);
  }

  /** The Oxigraph store itself, for writing a snapshot of its engine (see index-snapshot.ts). */
  public get oxigraphStore(): Store {
    return this.store;
  }

  /** Number of quads in the index. */
  public get size(): number {
    return this.store.size;
  }

  /**
   * Builds an index from the SQLite file of the record store, read-only.
   * @param dbPath - path of the SQLite database.
   * @param vocabulary - graphs loaded beside the records (the ontology: see vocabulary-graphs.ts).
   * @returns the index and what was loaded.
   */
  public static fromDatabase(dbPath: string, vocabulary: readonly RecordGraph[] = []): { index: QueryIndex; report: IndexLoadReport } {
    const started = performance.now();
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const index = new QueryIndex();
      const records = index.loadRecords(db.prepare<[], RecordGraph>(LIVE_GRAPHS_SQL).iterate());
      const quads = index.size;
      index.loadVocabulary(vocabulary);
      return { index, report: { records, quads, vocabularyQuads: index.size - quads, ms: Math.round(performance.now() - started) } };
    } finally {
      db.close();
    }
  }

  /**
   * Adds record graphs in bulk. Many records go into one N-Quads load (the graph term appended to
   * each triple, blank node labels made unique per record); a batch that fails falls back to one
   * load per record, and a record that fails alone is reported through `onRejected` and skipped.
   * Once the records are in, the validity intervals of every configuration are derived afresh
   * (one query, see validity-intervals.ts): load many records per call.
   * @param records - record graphs; a record already present is added to, not replaced (use {@link replace}).
   * @param onRejected - called for a record whose N-Triples cannot be loaded.
   * @returns the number of records loaded.
   */
  public loadRecords(records: Iterable<RecordGraph>, onRejected?: (iri: string, error: unknown) => void): number {
    let loaded = 0;
    let batch: RecordGraph[] = [];
    let parts: string[] = [];
    let chars = 0;
    // One record on its own, the slow but exact way; a record that fails alone is reported and skipped.
    const loadAlone = (record: RecordGraph): void => {
      try {
        this.loadGraph(record.iri, record.ntriples);
        loaded += 1;
      } catch (error) {
        if (error instanceof WASM.RuntimeError) throw error;
        onRejected?.(record.iri, error);
      }
    };
    const flush = (): void => {
      if (batch.length === 0) return;
      try {
        this.store.load(parts.join(''), { format: mediaTypeFor('n-quads'), no_transaction: true, lenient: true });
        loaded += batch.length;
      } catch (error) {
        // A trap (the engine out of memory) leaves the engine unusable: loading on would give an
        // empty or partial index that answers as if complete.
        if (error instanceof WASM.RuntimeError) throw error;
        for (const record of batch) loadAlone(record);
      }
      batch = [];
      parts = [];
      chars = 0;
    };
    for (const record of records) {
      const nquads = toNQuads(record.ntriples, record.iri, `r${batch.length}.`);
      if (nquads === undefined) {
        // Unusual N-Triples (comments, RDF-star): load it on its own.
        loadAlone(record);
        continue;
      }
      batch.push(record);
      parts.push(nquads);
      chars += nquads.length;
      if (chars >= BATCH_CHARS) flush();
    }
    flush();
    if (loaded > 0) this.intervals.deriveAll();
    return loaded;
  }

  /**
   * Loads the ontology files as their own named graphs (see vocabulary-graphs.ts), so that queries
   * over the default graph (the union) find the labels of our classes and properties; no record's
   * graph changes, and `GRAPH ?g` names them apart from the records.
   * @param graphs - the vocabulary graphs, each named by its ontology IRI.
   */
  public loadVocabulary(graphs: readonly RecordGraph[]): void {
    for (const graph of graphs) this.loadGraph(graph.iri, graph.ntriples);
  }

  /**
   * Replaces one record graph: clears it, then loads the new triples, then re-derives the validity
   * intervals of the instances it concerns. Idempotent, so applying the same replacement twice is
   * harmless.
   * @param graph - the record IRI.
   * @param ntriples - the new graph as N-Triples, or null to delete the graph.
   */
  public replace(graph: string, ntriples: string | null): void {
    const name = oxigraph.namedNode(graph);
    const concerned = this.intervals.instancesOf(graph);
    for (const quad of this.store.match(null, null, null, name)) this.store.delete(quad);
    if (ntriples !== null && ntriples !== '') this.loadGraph(graph, ntriples);
    this.intervals.afterReplace(graph, concerned);
  }

  /**
   * Runs a query and serializes its result.
   * @param query - the query, its form, format, limit and dataset.
   * @returns the serialized result.
   * @throws ResultTooLargeError (422) above the limit; ParseError or BadRequestError (400) when Oxigraph refuses the query.
   */
  public execute(query: IndexQuery): string {
    const options = {
      ...this.dataset(query),
      ...(query.baseIri === undefined ? {} : { base_iri: query.baseIri }),
    };
    if (query.type === 'SELECT' || query.type === 'ASK') {
      const body = this.run(query.text, { ...options, results_format: query.format });
      if (query.type === 'SELECT' && query.mustCount && countSolutions(body, query.format) > query.maxResults) {
        throw new ResultTooLargeError(query.maxResults, 'results');
      }
      return body;
    }
    // Graphs are counted in N-Triples (one triple a line), then re-serialized when another format
    // was asked for: cheaper than materializing quad objects across the WASM boundary.
    const ntriples = this.run(query.text, { ...options, results_format: mediaTypeFor('n-triples') });
    if (query.mustCount && countLines(ntriples) > query.maxResults) throw new ResultTooLargeError(query.maxResults, 'triples');
    return reserializeGraph(ntriples, query.format);
  }

  private dataset(query: IndexQuery): { use_default_graph_as_union: true } | { default_graph: NamedNode[]; named_graphs: NamedNode[] } {
    if (query.defaultGraph === undefined && query.namedGraphs === undefined) return { use_default_graph_as_union: true };
    return {
      default_graph: (query.defaultGraph ?? []).map((iri) => oxigraph.namedNode(iri)),
      named_graphs: (query.namedGraphs ?? []).map((iri) => oxigraph.namedNode(iri)),
    };
  }

  private run(text: string, options: Parameters<Store['query']>[1]): string {
    let result: ReturnType<Store['query']>;
    try {
      result = this.store.query(text, options);
    } catch (error) {
      throw toQueryError(error);
    }
    if (typeof result !== 'string') throw new Error(`Oxigraph returned ${typeof result} where a serialized result was expected`);
    return result;
  }

  private loadGraph(graph: string, ntriples: string): void {
    this.store.load(ntriples, { format: mediaTypeFor('n-triples'), to_graph_name: oxigraph.namedNode(graph), lenient: true });
  }
}

/**
 * Maps an error Oxigraph raised for a query onto our errors. Oxigraph reports the query's faults
 * as plain `Error`s; syntax errors ("error at 3:14: …") keep their position. Anything else (a
 * WebAssembly trap, a RangeError) is a failure of the engine and is returned unchanged.
 * @param error - what Oxigraph threw.
 * @returns the error to report.
 */
export function toQueryError(error: unknown): unknown {
  if (!(error instanceof Error) || error.constructor !== Error) return error;
  const at = /error at (\d+):(\d+)/.exec(error.message);
  if (at !== null) {
    const line = Number(at[1]);
    const column = Number(at[2]);
    const reason = error.message.replace(/^.*?error at \d+:\d+:\s*/, '');
    return new ParseError(`SPARQL syntax error at line ${line}, column ${column}: ${reason}. Fix the query and send it again.`, { line, column }, { cause: error });
  }
  return new BadRequestError(`The query could not be evaluated: ${error.message}.`, { code: 'query-rejected', cause: error });
}

/**
 * Rewrites a record's N-Triples as N-Quads in graph `graph`, prefixing blank node labels with
 * `tag` so that records loaded together never share a blank node.
 * @param ntriples - the record's graph, one triple a line (as the store writes it).
 * @param graph - the record IRI.
 * @param tag - a prefix unique within the batch, ending in a character labels cannot start with (`r12.`).
 * @returns the N-Quads, or undefined when the text is not plain one-triple-a-line N-Triples.
 */
export function toNQuads(ntriples: string, graph: string, tag: string): string | undefined {
  const tail = ` <${graph}> .\n`;
  const hasBlankNodes = ntriples.includes('_:');
  let out = '';
  let start = 0;
  while (start < ntriples.length) {
    let end = ntriples.indexOf('\n', start);
    if (end === -1) end = ntriples.length;
    const line = ntriples.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (!line.endsWith('.') || line.startsWith('#') || line.startsWith('<<')) return undefined;
    let triple = line.slice(0, -1).trimEnd();
    if (hasBlankNodes) {
      const relabeled = tagBlankNodes(triple, tag);
      if (relabeled === undefined) return undefined;
      triple = relabeled;
    }
    out += triple + tail;
  }
  return out;
}

/** Prefixes the blank node labels in subject and object position of one N-Triples statement. */
function tagBlankNodes(triple: string, tag: string): string | undefined {
  let out: string;
  let i: number;
  if (triple.startsWith('_:')) {
    const end = triple.search(/[ \t]/);
    if (end === -1) return undefined;
    out = `_:${tag}${triple.slice(2, end)}`;
    i = end;
  } else {
    const end = triple.indexOf('>');
    if (!triple.startsWith('<') || end === -1) return undefined;
    out = triple.slice(0, end + 1);
    i = end + 1;
  }
  const predicateEnd = triple.indexOf('>', i);
  if (predicateEnd === -1) return undefined;
  out += triple.slice(i, predicateEnd + 1);
  let j = predicateEnd + 1;
  while (triple[j] === ' ' || triple[j] === '\t') j += 1;
  out += triple.slice(predicateEnd + 1, j);
  const object = triple.slice(j);
  if (object.startsWith('<<')) return undefined;
  return out + (object.startsWith('_:') ? `_:${tag}${object.slice(2)}` : object);
}

/**
 * A graph result, given as N-Triples, in another graph format.
 * @param ntriples - the triples, one a line.
 * @param format - a media type of GRAPH_FORMATS.
 * @returns the serialized graph.
 */
export function reserializeGraph(ntriples: string, format: string): string {
  if (format === mediaTypeFor('n-triples') || format === mediaTypeFor('n-quads')) return ntriples;
  const graph = new oxigraph.Store();
  graph.load(ntriples, { format: mediaTypeFor('n-triples'), no_transaction: true, lenient: true });
  return graph.dump({ format, from_graph_name: oxigraph.defaultGraph() });
}

/** @returns the number of lines (triples of N-Triples). */
export function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

/**
 * The solutions of a SPARQL JSON result, counted without parsing it (a scan is ~1.5× faster than
 * JSON.parse and allocates nothing): the objects opened directly inside `results.bindings`, the
 * only array of objects at that depth (`head` holds arrays of strings).
 */
function countJsonSolutions(body: string): number {
  let depth = 0;
  let count = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (c === 123 && depth === 3) count += 1;
      depth += 1;
    } else if (c === 125 || c === 93) {
      depth -= 1;
    }
  }
  return count;
}

/**
 * Counts the solutions of a serialized SELECT result, in the formats Oxigraph writes.
 * @param body - the serialized result.
 * @param format - its media type.
 * @returns the number of solutions.
 */
export function countSolutions(body: string, format: string): number {
  switch (format) {
    case mediaTypeFor('sparql-results+json'):
      return countJsonSolutions(body);
    case mediaTypeFor('sparql-results+xml'): {
      // Literal text is escaped, so the element tag only occurs as markup.
      let count = 0;
      for (let i = body.indexOf('<result>'); i !== -1; i = body.indexOf('<result>', i + 8)) count += 1;
      return count;
    }
    case mediaTypeFor('sparql-results+tsv'):
      // TSV escapes line breaks inside terms: one line for the header, one per solution.
      return Math.max(countLines(body) - 1, 0);
    case mediaTypeFor('sparql-results+csv'): {
      // CSV quotes fields that contain line breaks: count the record ends outside quotes.
      let rows = 0;
      let quoted = false;
      for (let i = 0; i < body.length; i += 1) {
        const c = body.charCodeAt(i);
        if (c === 34) quoted = !quoted;
        else if (c === 10 && !quoted) rows += 1;
      }
      return Math.max(rows - 1, 0);
    }
    default:
      throw new Error(`cannot count solutions in ${format}`);
  }
}
