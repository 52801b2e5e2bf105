/**
 * Indents every non-empty line of a block, so that the SPARQL the search writes reads as nested
 * as it is (a query is logged and shown when it fails).
 * @param text - lines joined with `\n`.
 * @param spaces - how many spaces to put before each.
 * @returns the indented block.
 */
export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((line) => (line === '' ? line : `${pad}${line}`)).join('\n');
}
