import type { SparqlJson } from '../representation/index.js';
import type { QueryEngine } from './query-engine.js';

/**
 * Runs a SELECT (or ASK) query on an engine and reads its SPARQL JSON: how the services that build
 * views from queries (the home page, the ontology's term pages) ask the store.
 * @param engine - the engine to ask.
 * @param query - the SPARQL query.
 * @returns the parsed results.
 * @example
 * const json = await runSelect(services.query, 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 1');
 */
export async function runSelect(engine: Pick<QueryEngine, 'query'>, query: string): Promise<SparqlJson> {
  return JSON.parse((await engine.query(query, { format: 'sparql-results+json' })).body) as SparqlJson;
}
