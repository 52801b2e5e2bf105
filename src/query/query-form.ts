import type { QueryType } from './result-formats.js';

/** A BASE or PREFIX declaration at the scan position (IRIREF excludes `<>"{}|^\`\\` and controls). */
const DECLARATION = /(?:BASE\s*|PREFIX\s+[^\s:<>#]*:\s*)<[^<>"{}|^`\\\x00-\x20]*>/iy;
const KEYWORD = /(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![A-Za-z0-9_])/iy;

/**
 * The form of a query, read from its first keyword after the prologue, without parsing it: the
 * SPARQL router chooses the result format by it before the engine parses the query.
 * @param text - the query.
 * @returns the form, or undefined when the text does not start like a query (the engine's parser
 *   then says why, or reads what this scan does not).
 * @example
 * queryFormOf('PREFIX ex: <http://example.org/> # the facilities\nASK { ?s ?p ?o }'); // 'ASK'
 */
export function queryFormOf(text: string): QueryType | undefined {
  // The prologue (§19.8): BASE and PREFIX declarations with white space and comments between them,
  // scanned step by step (a regular expression repeating these alternatives could backtrack for long).
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at] ?? '')) at += 1;
    if (text[at] === '#') {
      while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at += 1;
      continue;
    }
    DECLARATION.lastIndex = at;
    if (DECLARATION.exec(text) === null) break;
    at = DECLARATION.lastIndex;
  }
  KEYWORD.lastIndex = at;
  return KEYWORD.exec(text)?.[1]?.toUpperCase() as QueryType | undefined;
}
