import type { Readable } from 'node:stream';
import N3 from 'n3';
import type { Quad } from 'n3';
import type { ParseError } from '../errors/index.js';
import { n3ParseError, refuseLoneSurrogates } from './parse-rdf.js';
import type { RdfFormat } from './rdf-format.js';

const N3_NAMES: Readonly<Record<Exclude<RdfFormat, 'json-ld'>, string>> = {
  turtle: 'Turtle',
  trig: 'TriG',
  'n-triples': 'N-Triples',
  'n-quads': 'N-Quads',
};

/**
 * Parses an RDF text stream of any size with n3's streaming parser (the engine of n3's
 * StreamParser, driven directly so each quad comes with the line it ends on). Quads are handed
 * over as they are read; pausing `input` (e.g. while the consumer is busy) pauses the parse.
 *
 * @param input - the text or bytes (UTF-8).
 * @param format - any format but JSON-LD.
 * @param options - source name for messages, base IRI, and what to do with each quad.
 * @returns resolves at the end of the input; rejects with a {@link ParseError} naming source, line
 *   and column on the first malformed statement (nothing after it is handed over).
 */
export function parseRdfStream(
  input: Readable,
  format: Exclude<RdfFormat, 'json-ld'>,
  options: { source: string; baseIri?: string; onQuad: (quad: Quad, line: number) => void },
): Promise<void> {
  const lineMode = format === 'n-triples' || format === 'n-quads';
  // Our own lexer, so its line counter (private in n3's typings) tells where each quad ends.
  const lexer = new N3.Lexer({ lineMode, n3: false });
  const line = (): number => (lexer as unknown as { _line: number })._line;
  const parser = new N3.Parser({ format: N3_NAMES[format], lexer, ...(options.baseIri === undefined ? {} : { baseIRI: options.baseIri }) } as N3.ParserOptions);
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    let ended = false;
    const fail = (error: ParseError | Error): void => {
      if (failed || ended) return;
      failed = true;
      input.destroy();
      reject(error);
    };
    parser.parse(input, (error, quad) => {
      if (failed || ended) return;
      if (error !== null && error !== undefined) {
        fail((error as { code?: string }).code === undefined ? n3ParseError(error, format, options.source) : error);
        return;
      }
      if (quad === null || quad === undefined) {
        ended = true;
        resolve();
        return;
      }
      try {
        refuseLoneSurrogates([quad], `${options.source} line ${line()}`);
      } catch (refused) {
        fail(refused as Error);
        return;
      }
      options.onQuad(quad, line());
    });
    // n3 says nothing at the end of a stream that sent no data (an empty file): its lexer's own
    // 'end' handler, registered first, has run by now and reported any quad or error.
    input.once('end', () => {
      if (failed || ended) return;
      ended = true;
      resolve();
    });
  });
}
