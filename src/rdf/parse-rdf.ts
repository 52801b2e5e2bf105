import jsonld from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import N3 from 'n3';
import type { Quad } from 'n3';
import { ParseError } from '../errors/phd-error.js';
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
}

/**
 * Parses RDF text into quads. Malformed input raises a {@link ParseError} with the line and column.
 *
 * JSON-LD is processed by the `jsonld` library with a document loader that refuses every
 * remote context: the service never fetches a URL on behalf of its input.
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
 */
function refuseLoneSurrogates(quads: Quad[], source: string | undefined): Quad[] {
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

function n3ParseError(error: unknown, format: RdfFormat, source: string | undefined): ParseError {
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

async function parseJsonLd(text: string, options: ParseRdfOptions): Promise<Quad[]> {
  const where = options.source === undefined ? '' : `${options.source}: `;
  const document = parseJson(text, options.source ?? 'JSON-LD') as JsonLdDocument;
  try {
    const nquads = (await jsonld.toRDF(document, {
      format: 'application/n-quads',
      ...(options.baseIri ? { base: options.baseIri } : {}),
      documentLoader: (url: string) => {
        throw new Error(`remote context ${url} refused: inline the @context, or use /context.jsonld of this service`);
      },
    })) as unknown as string;
    return new N3.Parser({ format: 'N-Quads' }).parse(nquads);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError(`${where}invalid JSON-LD: ${message}`, {}, { cause: error });
  }
}
