import N3 from 'n3';
import { PREFIXES } from '../domain/index.js';
import { serializeQuads } from '../rdf/index.js';
import type { QuadFormat } from '../rdf/index.js';
import type { StoredRecord } from '../store/index.js';
import { PHD_CONTEXT } from './context.js';
import { inboundQuads, inboundTag } from './inbound-links.js';
import type { InboundLink } from './inbound-links.js';

/** The machine-readable formats of a record (registry ids), in the order the landing page and Signposting list them. */
export const RECORD_FORMATS = ['json-ld', 'turtle', 'n-triples', 'rdf-xml'] as const satisfies readonly QuadFormat[];

/** One of {@link RECORD_FORMATS}. */
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/**
 * Writes records in their machine-readable formats — JSON-LD compacted against the service's
 * context and naming `/context.jsonld`, Turtle with the service's prefixes, N-Triples as stored,
 * RDF/XML — once per record version (ETag), set of inbound links and format. `/records` serves
 * the record's own graph (what a client edits and writes back); `/pid` and `/id` add the links
 * other records hold to it ({@link inboundQuads}).
 */
export class RecordSerializer {
  private readonly cache = new Map<string, string>();
  private readonly contextUrl: string;

  /** @param baseUrl - PHD_BASE_URL, where `/context.jsonld` is served. */
  public constructor(baseUrl: string) {
    this.contextUrl = `${baseUrl}/context.jsonld`;
  }

  /**
   * A record in one format, from the cache when this version was written before with the same
   * inbound links.
   * @param record - the record.
   * @param format - which format.
   * @param inbound - the links other records hold to it, to add after its own graph (none: its own graph only).
   * @returns the document.
   */
  public async serialize(record: StoredRecord, format: RecordFormat, inbound: readonly InboundLink[] = []): Promise<string> {
    const key = `${record.iri} ${record.etag} ${inboundTag(inbound)} ${format}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const graph = inbound.length === 0
      ? record.ntriples
      : [...new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples), ...inboundQuads(record.iri, inbound)];
    const body = await serializeQuads(graph, format, { prefixes: PREFIXES, context: { document: PHD_CONTEXT, url: this.contextUrl } });
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(key, body);
    return body;
  }
}
