/**
 * The first letter in upper case (NBO-Q class labels are lower case: `objective`).
 * @param text - the text.
 * @returns it, capitalized.
 */
export function capitalize(text: string): string {
  return text.length === 0 ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
