import { parse as scanJson, printParseErrorCode } from 'jsonc-parser';
import type { ParseError as JsonScanError } from 'jsonc-parser';
import { ParseError } from '../errors/phd-error.js';

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

/**
 * Parses strict JSON. On an error, the message names the line and column of the first fault:
 * V8's own messages often carry no position ("Unexpected token ']'"), so the text is scanned
 * again with jsonc-parser (strict: no comments, no trailing commas) to locate it.
 * @param text - the JSON text.
 * @param source - what the text is (a file name, "request body"), for the message.
 * @returns the parsed value.
 * @throws ParseError with `line` and `column`.
 */
export function parseJson(text: string, source: string): unknown {
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
