import jsonld from 'jsonld';
import type { ContextDefinition } from 'jsonld';
import N3 from 'n3';
import type { Quad } from 'n3';
import { oxigraph } from './oxigraph-engine.js';
import type { MediaTypeId } from '../representation/index.js';
import { mediaTypeFor } from '../representation/index.js';

/** The graph formats {@link serializeQuads} writes (registry ids), preferred first. */
export const QUAD_FORMATS = ['turtle', 'json-ld', 'n-triples', 'rdf-xml'] as const satisfies readonly MediaTypeId[];

/** One of {@link QUAD_FORMATS}. */
export type QuadFormat = (typeof QUAD_FORMATS)[number];

/** How {@link serializeQuads} names things. */
export interface SerializeOptions {
  /** Prefixes for Turtle, and the JSON-LD context when `context` is not given. */
  readonly prefixes: Readonly<Record<string, string>>;
  /**
   * JSON-LD: the context to compact against (the service's context, held in memory), and the URL the
   * document names as its `@context` instead of the inline one.
   */
  readonly context?: { readonly document: object; readonly url?: string } | undefined;
}

/** A graph given as quads, or as the N-Triples document a record is stored as. */
export type SerializableGraph = readonly Quad[] | string;

function quadsOf(graph: SerializableGraph): Quad[] {
  return typeof graph === 'string' ? new N3.Parser({ format: 'N-Triples' }).parse(graph) : [...graph];
}

function write(quads: Quad[], options: N3.WriterOptions): Promise<string> {
  const writer = new N3.Writer(options);
  writer.addQuads(quads);
  return new Promise<string>((resolve, reject) => {
    writer.end((error: Error | null, result: string) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
}

/**
 * Writes a graph — a record, a service or dataset description — in one of the graph formats: the
 * one serializer of the service. JSON-LD is compacted against the given context (or an inline
 * context of the prefixes); no remote document is ever loaded.
 * @param graph - the quads (default graph), or an N-Triples document.
 * @param format - the format.
 * @param options - prefixes and the JSON-LD context.
 * @returns the document.
 * @example
 * await serializeQuads(record.ntriples, 'json-ld', { prefixes: PREFIXES, context: { document: PHD_CONTEXT, url: `${baseUrl}/context.jsonld` } });
 */
export async function serializeQuads(graph: SerializableGraph, format: QuadFormat, options: SerializeOptions): Promise<string> {
  switch (format) {
    case 'n-triples':
      return typeof graph === 'string' ? graph : write([...graph], { format: 'N-Triples' });
    case 'turtle':
      return write(quadsOf(graph), { format: 'Turtle', prefixes: { ...options.prefixes } });
    case 'rdf-xml': {
      const store = new oxigraph.Store();
      store.load(typeof graph === 'string' ? graph : await write([...graph], { format: 'N-Triples' }), { format: mediaTypeFor('n-triples') });
      return store.dump({ format: mediaTypeFor('rdf-xml'), from_graph_name: oxigraph.defaultGraph() });
    }
    case 'json-ld': {
      const nquads = typeof graph === 'string' ? graph : await write([...graph], { format: 'N-Quads' });
      // jsonld.compact is slow (~1.4 ms a record): callers cache what they serve.
      const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
      const context = (options.context?.document ?? { ...options.prefixes }) as ContextDefinition;
      const compacted = await jsonld.compact(expanded, context, {
        documentLoader: (url: string) => Promise.reject(new Error(`no remote documents are loaded (${url})`)),
      });
      const url = options.context?.url;
      return `${JSON.stringify(url === undefined ? compacted : { ...compacted, '@context': url }, null, 2)}\n`;
    }
  }
}
