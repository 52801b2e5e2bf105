import jsonld from 'jsonld';
import type { ContextDefinition } from 'jsonld';
import N3 from 'n3';
import type { Quad } from 'n3';

/** The media types {@link serializeQuads} writes. */
export const QUAD_MEDIA_TYPES = ['text/turtle', 'application/ld+json', 'application/n-triples'] as const;
export type QuadMediaType = (typeof QUAD_MEDIA_TYPES)[number];

/**
 * Writes a small graph (a service or dataset description) as Turtle, N-Triples, or JSON-LD
 * compacted against an inline context of the prefixes (never a remote one).
 * @param quads - the graph.
 * @param mediaType - the format.
 * @param prefixes - prefixes for Turtle and the JSON-LD context.
 * @returns the document.
 */
export async function serializeQuads(quads: readonly Quad[], mediaType: QuadMediaType, prefixes: Readonly<Record<string, string>>): Promise<string> {
  if (mediaType === 'application/ld+json') {
    const nquads = new N3.Writer({ format: 'N-Quads' }).quadsToString([...quads]);
    const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
    const context: ContextDefinition = { ...prefixes };
    return `${JSON.stringify(await jsonld.compact(expanded, context), null, 2)}\n`;
  }
  const writer = new N3.Writer(mediaType === 'text/turtle' ? { format: 'Turtle', prefixes: { ...prefixes } } : { format: 'N-Triples' });
  writer.addQuads([...quads]);
  return new Promise<string>((resolve, reject) => {
    writer.end((error: Error | null, result: string) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
}
