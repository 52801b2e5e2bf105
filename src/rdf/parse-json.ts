import { parse as scanJson, printParseErrorCode } from 'jsonc-parser';
import type { ParseError as JsonScanError } from 'jsonc-parser';
import { ParseError } from '../errors/index.js';

/**
 * Line and column (1-based) of a character offset.
 * @param text - the text.
 * @param offset - 0-based offset.
 * @returns position.
 */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** jsonc-parser's error codes, in words a user reads. */
const EXPECTED: Readonly<Record<string, string>> = {
  InvalidSymbol: 'an invalid symbol',
  InvalidNumberFormat: 'an invalid number',
  PropertyNameExpected: 'a property name (in double quotes) was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the end of the document was expected',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'an unterminated comment',
  UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'an unterminated number',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape character',
  InvalidCharacter: 'an invalid character (control characters must be escaped)',
};

/** Deepest nesting of arrays and objects accepted (records and community files nest a dozen levels). */
export const MAX_JSON_DEPTH = 100;

/**
 * The offset where nesting first exceeds `max`, or -1. A linear scan that skips strings: deep
 * nesting is refused before any recursive code (a parser's error path, a converter) sees it.
 */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > max) return i;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return -1;
}

/**
 * Parses strict JSON. On an error, the message names the line and column of the first fault:
 * V8's own messages often carry no position ("Unexpected token ']'"), so the text is scanned
 * again with jsonc-parser (strict: no comments, no trailing commas) to locate it.
 * @param text - the JSON text.
 * @param source - what the text is (a file name, "request body"), for the message.
 * @returns the parsed value.
 * @throws ParseError with `line` and `column`, also for nesting deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseJson(text: string, source: string): unknown {
  const deep = tooDeepAt(text, MAX_JSON_DEPTH);
  if (deep >= 0) {
    const position = positionOf(text, deep);
    throw new ParseError(`${source}: JSON nested deeper than ${MAX_JSON_DEPTH} levels at line ${position.line}, column ${position.column}`, { ...position });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const faults: JsonScanError[] = [];
    scanJson(text, faults, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const fault = faults[0];
    const offset = fault?.offset ?? Number(/position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1] ?? text.length);
    const position = positionOf(text, offset);
    const what = fault === undefined
      ? (error instanceof Error ? error.message : String(error))
      : (EXPECTED[printParseErrorCode(fault.error)] ?? printParseErrorCode(fault.error));
    throw new ParseError(`${source}: invalid JSON at line ${position.line}, column ${position.column}: ${what}`, { ...position }, { cause: error });
  }
}
