/**
 * Normalises an OME unit symbol to the spelling of src/domain/units.ts: the Greek small letter mu
 * (U+03BC) becomes the micro sign (U+00B5) OME specifies, the Angstrom sign (U+212B) becomes the
 * letter Å (U+00C5), and OME's `pixel` is units.ts's `Pixel`.
 * @param symbol - the symbol as written.
 * @returns the normalised symbol.
 */
export function normaliseOmeUnit(symbol: string): string {
  const trimmed = symbol.trim().replace(/\u03bc/g, '\u00b5').replace(/\u212b/g, '\u00c5');
  return trimmed === 'pixel' ? 'Pixel' : trimmed;
}
