import N3 from 'n3';
import sparqljs from 'sparqljs';
import { OWL } from '../domain/index.js';
import type { QueryEngine, QueryEngineStats, QueryLimits, QueryOptions, QueryResult } from './query-engine.js';

/** Reads the aliases: a renamed record's old IRI → its current name. */
export type AliasSource = () => Promise<ReadonlyMap<string, string>>;

/**
 * The current name of an IRI: an alias becomes its canonical name, a node under an alias
 * (`{old}/…`, `{old}#…`) the same node under the canonical name.
 * @param iri - an IRI of the query.
 * @param aliases - old IRI → current name.
 * @returns the IRI to query, or undefined when it is no alias and lies under none.
 */
export function canonicalIri(iri: string, aliases: ReadonlyMap<string, string>): string | undefined {
  const exact = aliases.get(iri);
  if (exact !== undefined) return exact;
  for (let cut = iri.length - 1; cut > 0; cut -= 1) {
    const ch = iri.charCodeAt(cut);
    if (ch !== 47 && ch !== 35) continue;
    const owner = aliases.get(iri.slice(0, cut));
    if (owner !== undefined) return `${owner}${iri.slice(cut)}`;
  }
  return undefined;
}

/**
 * Rewrites the IRIs of a parsed query in place. The object of an `owl:sameAs` triple pattern is
 * kept: `?x owl:sameAs <old>` asks for the record that was named so, which only the old name finds.
 * @returns whether anything changed.
 */
function rewrite(node: unknown, aliases: ReadonlyMap<string, string>): boolean {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, aliases)).some(Boolean);
  if (node === null || typeof node !== 'object') return false;
  const record = node as Record<string, unknown>;
  let changed = false;
  const sameAs = (record.predicate as { termType?: string; value?: string } | undefined)?.value === OWL.sameAs;
  for (const [key, value] of Object.entries(record)) {
    if (sameAs && key === 'object') continue;
    const term = value as { termType?: unknown; value?: unknown } | null;
    if (term !== null && typeof term === 'object' && term.termType === 'NamedNode' && typeof term.value === 'string') {
      const canonical = canonicalIri(term.value, aliases);
      if (canonical !== undefined) {
        record[key] = N3.DataFactory.namedNode(canonical);
        changed = true;
      }
    } else if (rewrite(value, aliases)) changed = true;
  }
  return changed;
}

/**
 * A query engine that answers through either name of a renamed record. A record that adopted a PID
 * keeps its old IRI as an alias (DESIGN: adopting a PID later); the graphs hold only the new name,
 * so every IRI of a query that is an alias, or a node under one, is rewritten to the current name
 * before the engine runs it, and joins through either name find the same triples. A query that does
 * not parse is passed on unchanged, so the engine reports its own error; a query naming no alias
 * runs as written.
 */
export class AliasQueryEngine implements QueryEngine {
  private aliases: Promise<ReadonlyMap<string, string>> | undefined;

  /**
   * @param engine - the engine that runs the queries.
   * @param source - reads the aliases (cached until {@link invalidate}).
   */
  public constructor(private readonly engine: QueryEngine, private readonly source: AliasSource) {}

  public get limits(): QueryLimits {
    return this.engine.limits;
  }

  /** Forgets the cached aliases (after a committed write: a rename adds one). */
  public invalidate(): void {
    this.aliases = undefined;
  }

  /**
   * The query as the engine runs it: aliases replaced by the current names.
   * @param text - the SPARQL query.
   * @returns the rewritten query, or the text itself when it names no alias or does not parse.
   */
  public async rewritten(text: string): Promise<string> {
    this.aliases ??= this.source().catch((error: unknown) => {
      this.aliases = undefined;
      throw error;
    });
    const aliases = await this.aliases;
    if (aliases.size === 0) return text;
    let parsed: sparqljs.SparqlQuery;
    try {
      parsed = new sparqljs.Parser().parse(text);
    } catch {
      return text;
    }
    return rewrite(parsed, aliases) ? new sparqljs.Generator().stringify(parsed) : text;
  }

  public async query(text: string, options?: QueryOptions): Promise<QueryResult> {
    const query = await this.rewritten(text);
    const aliases = await this.aliases;
    // The protocol's default-graph-uri / named-graph-uri name graphs, which are records: the same rule.
    const graphs = (list: readonly string[] | undefined) => list?.map((iri) => (aliases === undefined ? undefined : canonicalIri(iri, aliases)) ?? iri);
    return this.engine.query(query, options === undefined ? undefined : { ...options, defaultGraph: graphs(options.defaultGraph), namedGraphs: graphs(options.namedGraphs) });
  }

  public stats(): QueryEngineStats {
    return this.engine.stats();
  }

  public close(): Promise<void> {
    return this.engine.close();
  }
}
