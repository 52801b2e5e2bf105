import { randomUUID } from 'node:crypto';
import jsonld from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import type { RemoteDocument } from 'jsonld/jsonld-spec.js';
import N3 from 'n3';
import type { Quad } from 'n3';
import { canonicalDouble } from '../domain/index.js';
import { XSD } from '../domain/index.js';
import { ParseError } from '../errors/index.js';
import { parseJson } from './parse-json.js';
import type { RdfFormat } from './rdf-format.js';

const N3_FORMATS: Readonly<Record<Exclude<RdfFormat, 'json-ld'>, string>> = {
  turtle: 'Turtle',
  trig: 'TriG',
  'n-triples': 'N-Triples',
  'n-quads': 'N-Quads',
};

/** Options of {@link parseRdf}. */
export interface ParseRdfOptions {
  /** Base IRI for relative IRIs. */
  baseIri?: string;
  /** Name of the source, for messages (a file path, or "request body"). */
  source?: string;
  /**
   * JSON-LD documents resolved from memory, by URL (the service's own `/context.jsonld`, see
   * `ownContexts`). Every other remote context or `@import` is refused.
   */
  contexts?: ReadonlyMap<string, object>;
}

/**
 * Parses RDF text into quads. Malformed input raises a {@link ParseError} with the line and column.
 *
 * JSON-LD is processed by the `jsonld` library with a document loader that serves the documents
 * of `options.contexts` from memory and refuses every other remote context: the service never
 * fetches a URL on behalf of its input.
 *
 * @param text - the serialized RDF.
 * @param format - its format.
 * @param options - base IRI and source name.
 * @returns the quads.
 * @example
 * const quads = await parseRdf('<a:s> <a:p> "o" .', 'n-triples');
 */
export async function parseRdf(text: string, format: RdfFormat, options: ParseRdfOptions = {}): Promise<Quad[]> {
  if (format === 'json-ld') return refuseLoneSurrogates(await parseJsonLd(text, options), options.source);
  const parser = new N3.Parser({ format: N3_FORMATS[format], ...(options.baseIri ? { baseIRI: options.baseIri } : {}) });
  try {
    return refuseLoneSurrogates(parser.parse(text), options.source);
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw n3ParseError(error, format, options.source);
  }
}

/** With the `u` flag, a surrogate matches only when it is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Refuses strings that are not Unicode: an escape such as `"\ud800"` (JSON, Turtle) decodes to
 * half of a surrogate pair, which no RDF literal or IRI may hold and no UTF-8 encoder can write.
 * @param quads - parsed quads.
 * @param source - the source name, for the message.
 * @returns the same quads.
 */
export function refuseLoneSurrogates(quads: Quad[], source: string | undefined): Quad[] {
  for (const quad of quads) {
    for (const term of [quad.subject, quad.predicate, quad.object]) {
      if (LONE_SURROGATE.test(term.value)) {
        throw new ParseError(`${source === undefined ? '' : `${source}: `}a string holds half of a UTF-16 surrogate pair (an escape such as \\ud800 without its partner): not Unicode text`, {});
      }
    }
  }
  return quads;
}

interface N3ErrorContext {
  line?: number;
  token?: { line?: number; start?: number } | null;
}

/**
 * The {@link ParseError} for an error of n3's parser: the source, format, line and column.
 * @param error - what n3 raised.
 * @param format - the format parsed.
 * @param source - the source name.
 * @returns the error.
 */
export function n3ParseError(error: unknown, format: RdfFormat, source: string | undefined): ParseError {
  const message = error instanceof Error ? error.message : String(error);
  const context = (error as { context?: N3ErrorContext }).context;
  const line = context?.token?.line ?? context?.line ?? Number(/line (\d+)/.exec(message)?.[1] ?? NaN);
  const start = context?.token?.start;
  const column = typeof start === 'number' ? start + 1 : 1;
  const where = source === undefined ? '' : `${source}: `;
  return new ParseError(
    `${where}invalid ${N3_FORMATS[format as Exclude<RdfFormat, 'json-ld'>]}: ${message.replace(/\.$/, '')} (line ${Number.isFinite(line) ? line : '?'}, column ${column})`,
    Number.isFinite(line) ? { line, column } : {},
    { cause: error },
  );
}

/**
 * Marks the doubles of an expanded JSON-LD document with a placeholder datatype, in place, so that
 * `jsonld.toRDF` keeps their value: it rewrites every xsd:double with `toExponential(15)`, which
 * changes the number (`"8.5E-2"` becomes `8.500000000000001E-2`), and turns a JSON number without
 * a `.` in its spelling (`1e-7`) into an xsd:integer `0`. Lexical forms are kept as written (the
 * record service canonicalizes doubles); JSON numbers get their shortest round-trip spelling.
 */
function markDoubles(node: unknown, placeholder: string): void {
  if (Array.isArray(node)) {
    for (const item of node) markDoubles(item, placeholder);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const object = node as Record<string, unknown>;
  if ('@value' in object) {
    const value = object['@value'];
    const type = object['@type'];
    if (typeof value === 'number' && (type === undefined || type === XSD.double) && (type === XSD.double || !Number.isInteger(value) || Math.abs(value) >= 1e21)) {
      object['@value'] = canonicalDouble(value);
      object['@type'] = placeholder;
    } else if (typeof value === 'string' && type === XSD.double) object['@type'] = placeholder;
    return;
  }
  for (const [key, value] of Object.entries(object)) if (key !== '@context') markDoubles(value, placeholder);
}

async function parseJsonLd(text: string, options: ParseRdfOptions): Promise<Quad[]> {
  const where = options.source === undefined ? '' : `${options.source}: `;
  const document = parseJson(text, options.source ?? 'JSON-LD') as JsonLdDocument;
  const known = options.contexts ?? new Map<string, object>();
  let refused: string | undefined;
  try {
    // Safe mode: what JSON-LD would drop silently (a key the context does not map, an @id that is
    // no IRI, an invalid @language) is an error, never a fact lost without a word. (The typings
    // of jsonld do not know the option.)
    const expandOptions: jsonld.Options.Expand & { safe: boolean } = {
      safe: true,
      ...(options.baseIri ? { base: options.baseIri } : {}),
      documentLoader: (url: string) => {
        const local = known.get(url);
        if (local !== undefined) return Promise.resolve({ contextUrl: undefined, documentUrl: url, document: local } as RemoteDocument);
        refused = url;
        return Promise.reject(new Error(`remote context ${url} refused`));
      },
    };
    const expanded = await jsonld.expand(document, expandOptions);
    const placeholder = `urn:uuid:${randomUUID()}`;
    markDoubles(expanded, placeholder);
    const toRdfOptions: jsonld.Options.ToRdf & { safe: boolean } = { format: 'application/n-quads', safe: true };
    const nquads = (await jsonld.toRDF(expanded, toRdfOptions)) as unknown as string;
    const { literal, namedNode, quad } = N3.DataFactory;
    return new N3.Parser({ format: 'N-Quads' }).parse(nquads).map((q) => (
      q.object.termType === 'Literal' && q.object.datatype.value === placeholder
        ? quad(q.subject, q.predicate, literal(q.object.value, namedNode(XSD.double)), q.graph)
        : q));
  } catch (error) {
    if (refused !== undefined) {
      const own = [...known.keys()];
      throw new ParseError(
        `${where}the JSON-LD names the remote context ${refused}, which this service does not fetch: inline the @context` +
          `${own.length === 0 ? '' : `, or use this service's own context ${own.join(', ')}`}.`,
        {},
        { cause: error, details: { url: refused } },
      );
    }
    const event = (error as { details?: { event?: { message?: string; details?: Record<string, unknown> } } }).details?.event;
    if (event?.message !== undefined) {
      const about = Object.entries(event.details ?? {}).filter(([key]) => !key.startsWith('expanded')).map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(', ');
      throw new ParseError(
        `${where}JSON-LD that cannot become RDF as written (it would be dropped): ${event.message.replace(/\.$/, '')}${about === '' ? '' : ` (${about})`}. ` +
          'Map every key in the @context, and give every @id and @type as an absolute IRI.',
        {}, { cause: error, details: { jsonld: event.details ?? {} } },
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError(`${where}invalid JSON-LD: ${message}`, {}, { cause: error });
  }
}
