import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { iriRef } from '../rdf/index.js';
import type { SparqlClient } from '../store/index.js';
import { ONTOLOGY_DIR } from '../validation/index.js';

const OWL_ONTOLOGY = 'http://www.w3.org/2002/07/owl#Ontology';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
/**
 * The predicate of the one triple, in an external store's vocabulary graph, that keeps the digest
 * of the content written there (`<graph> <urn:imaging-phd:vocabulary-sha256> "…"`): a boot reads
 * it back to know whether the files changed since.
 */
const DIGEST = 'urn:imaging-phd:vocabulary-sha256';

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
 * The digest of a graph's content: SHA-256 of its distinct triples as sorted N-Triples lines, so
 * that the order of the files' triples and triples stated twice (across nbo-q*.ttl) do not count.
 * @param quads - the triples.
 * @returns hex.
 */
function contentDigest(quads: readonly Quad[]): string {
  const writer = new N3.Writer({ format: 'N-Triples' });
  const lines = [...new Set(quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object)))].sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/**
 * Puts the vocabulary graphs into an external store, beside the record graphs, so that its
 * default graph (the union of its graphs, as Virtuoso and most stores read it) holds the labels of
 * our terms as the embedded index does. A graph is written (replaced) only when its content
 * differs from what was last written there: the digest of the content is kept in the graph as one
 * triple and read back, so a restart of an unchanged service writes nothing, and an edited label
 * is written though the number of triples stays; records are never touched.
 * @param client - the external store's client.
 * @param graphs - the graphs (default: {@link vocabularyGraphs}).
 * @returns the IRIs of the graphs written.
 */
export async function keepVocabularyGraphs(client: Pick<SparqlClient, 'select' | 'writeGraph'>, graphs: readonly VocabularyGraph[] = vocabularyGraphs()): Promise<string[]> {
  const written: string[] = [];
  for (const graph of graphs) {
    const digest = contentDigest(graph.quads);
    const answer = await client.select(`SELECT ?digest WHERE { GRAPH ${iriRef(graph.iri)} { ${iriRef(graph.iri)} ${iriRef(DIGEST)} ?digest } }`);
    const held = answer.results?.bindings.map((b) => b.digest?.value);
    if (held?.length === 1 && held[0] === digest) continue;
    const { namedNode, literal, quad } = N3.DataFactory;
    await client.writeGraph(graph.iri, [...graph.quads, quad(namedNode(graph.iri), namedNode(DIGEST), literal(digest))]);
    written.push(graph.iri);
  }
  return written;
}
