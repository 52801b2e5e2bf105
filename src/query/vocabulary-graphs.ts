import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { iriRef } from '../rdf/index.js';
import type { SparqlClient } from '../store/index.js';
import { ONTOLOGY_DIR } from '../validation/index.js';

const OWL_ONTOLOGY = 'http://www.w3.org/2002/07/owl#Ontology';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** One vocabulary graph: the ontology IRI a file of ontology/ declares, and its triples. */
export interface VocabularyGraph {
  /** The graph name: the file's `owl:Ontology` IRI (e.g. `https://w3id.org/imaging-phd/nbo-q`). */
  readonly iri: string;
  readonly quads: readonly Quad[];
  /** The same triples as N-Triples (how the query index loads graphs). */
  readonly ntriples: string;
}

let cached: readonly VocabularyGraph[] | undefined;

/** The `owl:Ontology` a file declares, if any. */
function ontologyOf(quads: readonly Quad[]): string | undefined {
  return quads.find((q) => q.predicate.value === RDF_TYPE && q.object.value === OWL_ONTOLOGY && q.subject.termType === 'NamedNode')?.subject.value;
}

/**
 * The ontology files (ontology/*.ttl: the PHD layer, NBO-Q, units) as named graphs, each named by
 * the ontology IRI its file declares, so that SPARQL can read labels and comments of our terms
 * beside the records without any record's graph holding them. A file that declares no ontology
 * (`nbo-q-methods.ttl`: annotations kept apart from a generated file) joins the graph of the file
 * whose name starts its own (`nbo-q.ttl`). Read once per process.
 * @returns the graphs, in the order of their files' names.
 */
export function vocabularyGraphs(): readonly VocabularyGraph[] {
  if (cached !== undefined) return cached;
  const files = readdirSync(ONTOLOGY_DIR).filter((name) => name.endsWith('.ttl')).sort().map((name) => {
    const quads = new N3.Parser({ format: 'Turtle' }).parse(readFileSync(join(ONTOLOGY_DIR, name), 'utf8'));
    return { stem: name.slice(0, -'.ttl'.length), name, quads, declared: ontologyOf(quads) };
  });
  const graphs = new Map<string, Quad[]>();
  for (const file of files) {
    const owner = file.declared === undefined
      ? files.filter((other) => other.declared !== undefined && file.stem.startsWith(`${other.stem}-`)).sort((a, b) => b.stem.length - a.stem.length)[0]?.declared
      : file.declared;
    if (owner === undefined) throw new Error(`ontology/${file.name} declares no owl:Ontology, and no ontology file's name starts its own: its graph cannot be named`);
    graphs.set(owner, [...(graphs.get(owner) ?? []), ...file.quads]);
  }
  cached = [...graphs].map(([iri, quads]) => ({ iri, quads, ntriples: new N3.Writer({ format: 'N-Triples' }).quadsToString(quads) }));
  return cached;
}

/**
 * Whether an IRI names one of the {@link vocabularyGraphs} (not a record).
 * @param iri - a graph IRI.
 * @returns true for a vocabulary graph.
 */
export function isVocabularyGraph(iri: string): boolean {
  return vocabularyGraphs().some((graph) => graph.iri === iri);
}

/**
 * Puts the vocabulary graphs into an external store, beside the record graphs, so that its
 * default graph (the union of its graphs, as Virtuoso and most stores read it) holds the labels of
 * our terms as the embedded index does. A graph is written (replaced) only when the store holds
 * another number of triples in it than the files give, so a restart of an unchanged service
 * writes nothing; records are never touched.
 * @param client - the external store's client.
 * @param graphs - the graphs (default: {@link vocabularyGraphs}).
 * @returns the IRIs of the graphs written.
 */
export async function keepVocabularyGraphs(client: Pick<SparqlClient, 'select' | 'writeGraph'>, graphs: readonly VocabularyGraph[] = vocabularyGraphs()): Promise<string[]> {
  const written: string[] = [];
  for (const graph of graphs) {
    const answer = await client.select(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ${iriRef(graph.iri)} { ?s ?p ?o } }`);
    const held = Number(answer.results?.bindings[0]?.n?.value ?? 0);
    if (held === graph.quads.length) continue;
    await client.writeGraph(graph.iri, graph.quads);
    written.push(graph.iri);
  }
  return written;
}
