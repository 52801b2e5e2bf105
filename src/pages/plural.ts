/**
 * A count with its noun: `1 dataset`, `2 datasets`.
 * @param count - the count.
 * @param noun - the singular.
 * @param nouns - the plural (the singular with `s` when absent).
 * @returns the phrase.
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
