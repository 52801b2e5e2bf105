import N3 from 'n3';
import type { Quad } from 'n3';
import { ServiceUnavailableError, StoreError } from '../errors/phd-error.js';
import type { SparqlResults } from '../query/sparql-json.js';

/** Options of {@link SparqlClient}. */
export interface SparqlClientOptions {
  /** The SPARQL 1.1 Protocol query endpoint. */
  readonly queryEndpoint: string;
  /** The SPARQL 1.1 Update endpoint (default: the query endpoint, as Virtuoso, Oxigraph and GraphDB serve both). */
  readonly updateEndpoint?: string;
  /** HTTP Basic credentials for the store (Fuseki, GraphDB, Oxigraph behind a proxy). */
  readonly user?: string;
  readonly password?: string;
  /** Time limit of one request. */
  readonly timeoutMs: number;
}

/**
 * A client of an external triple store through the standards only — the SPARQL 1.1 Protocol
 * (queries) and SPARQL 1.1 Update — so that Virtuoso, Fuseki, GraphDB and Oxigraph server all fit.
 * Each request has a time limit; a store that cannot be reached is a 503, one that answers with an
 * error a 502 carrying its message.
 */
export class SparqlClient {
  private readonly authorization: string | undefined;

  public constructor(private readonly options: SparqlClientOptions) {
    this.authorization = options.user === undefined ? undefined : `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  }

  /**
   * Runs a SELECT or ASK query.
   * @param query - the query.
   * @returns the SPARQL JSON results.
   */
  public async select(query: string): Promise<SparqlResults> {
    const text = await this.send(this.options.queryEndpoint, 'query', query, 'application/sparql-results+json');
    return JSON.parse(text) as SparqlResults;
  }

  /**
   * Runs a CONSTRUCT or DESCRIBE query.
   * @param query - the query.
   * @returns the triples.
   */
  public async construct(query: string): Promise<Quad[]> {
    const text = await this.send(this.options.queryEndpoint, 'query', query, 'application/n-triples');
    return new N3.Parser({ format: 'N-Triples' }).parse(text);
  }

  /**
   * Runs a SPARQL Update request (one request: the store applies it as one transaction).
   * @param update - the update.
   */
  public async update(update: string): Promise<void> {
    await this.send(this.options.updateEndpoint ?? this.options.queryEndpoint, 'update', update, '*/*');
  }

  /**
   * Replaces a named graph's triples in one Update request (`DROP SILENT GRAPH` then `INSERT DATA`):
   * readers see the old graph or the new one, never a mix.
   * @param graph - the graph IRI.
   * @param quads - its new triples (graph names ignored); none drops the graph.
   */
  public async replaceGraph(graph: string, quads: readonly Quad[]): Promise<void> {
    const writer = new N3.Writer({ format: 'N-Triples' });
    const triples = quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object)).join('');
    const name = `<${graph}>`;
    await this.update(quads.length === 0 ? `DROP SILENT GRAPH ${name}` : `DROP SILENT GRAPH ${name} ;\nINSERT DATA { GRAPH ${name} {\n${triples}} }`);
  }

  /**
   * Reads a named graph.
   * @param graph - the graph IRI.
   * @returns its triples (empty when the graph does not exist).
   */
  public readGraph(graph: string): Promise<Quad[]> {
    return this.construct(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${graph}> { ?s ?p ?o } }`);
  }

  /**
   * POSTs a query or update as an HTML form (`query=` / `update=`): every store accepts that
   * form of the protocol, while Virtuoso 7 never answers a POST of application/sparql-query.
   */
  private async send(endpoint: string, field: 'query' | 'update', text: string, accept: string): Promise<string> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept, ...(this.authorization === undefined ? {} : { authorization: this.authorization }) },
        body: new URLSearchParams({ [field]: text }).toString(),
        signal: controller.signal,
        redirect: 'error',
      });
    } catch (error) {
      clearTimeout(timer);
      const timedOut = controller.signal.aborted;
      throw new ServiceUnavailableError(
        timedOut ? `The triple store at ${endpoint} did not answer within ${this.options.timeoutMs} ms.` : `The triple store at ${endpoint} cannot be reached.`,
        { code: 'store-unavailable', cause: error, retryAfterSeconds: 5 },
      );
    }
    try {
      const answer = await response.text();
      if (!response.ok) {
        throw new StoreError(`The triple store answered ${response.status}: ${answer.replace(/\s+/g, ' ').trim().slice(0, 300)}`, { details: { status: response.status } });
      }
      return answer;
    } finally {
      clearTimeout(timer);
    }
  }
}
