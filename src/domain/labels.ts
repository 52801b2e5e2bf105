/**
 * A readable label from a schema or property name: `PeakWavelength` → `peak wavelength`,
 * `LensNA` → `lens NA`, `Fluorescence_LightSource_Laser` → `fluorescence light source laser`.
 * Acronyms keep their case; capitalised words are lower-cased.
 * @param name - a CamelCase or snake_case name.
 * @returns the label.
 */
export function humanize(name: string): string {
  return name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((word) => (/^[A-Z][a-z]/.test(word) ? word.toLowerCase() : word))
    .join(' ');
}
