import { canonicalUnitFor, plainNumber, toCanonical, UNIT_NS, UNITS } from '../domain/index.js';

/** A value as compared (`key`: equal keys mean equal values) and as shown (`display`). */
export interface ComparableValue {
  readonly key: string;
  readonly display: string;
}

/**
 * A measured value made comparable across units: the value is converted to the canonical unit of
 * its quantity kind for that field (src/domain/units.ts: wavelengths in nm, powers in mW…), so
 * `0.488 µm` and `488 nm` give the same key and are shown alike.
 * @param field - the field's name (`wavelength`), which picks the canonical length unit.
 * @param lexical - the number as written.
 * @param unitIri - the unit IRI of its `…Unit` sibling (`…/unit/MicroM`).
 * @returns the comparable value; a unit that cannot be converted keeps its own unit (and compares by it).
 * @example
 * quantityValue('wavelength', '0.488', `${UNIT_NS}MicroM`).key === quantityValue('wavelength', '488', `${UNIT_NS}NanoM`).key; // true
 */
export function quantityValue(field: string, lexical: string, unitIri: string): ComparableValue {
  const number = Number(lexical.trim());
  const local = unitIri.startsWith(UNIT_NS) ? unitIri.slice(UNIT_NS.length) : undefined;
  const unit = UNITS.find((u) => u.local === local);
  if (unit === undefined || !Number.isFinite(number) || lexical.trim() === '') {
    return { key: `u:${unitIri}:${lexical}`, display: `${lexical} ${local ?? unitIri}` };
  }
  const canonical = canonicalUnitFor(unit.kind, field);
  const value = canonical === undefined ? undefined : toCanonical(number, unit, canonical.unit);
  const target = canonical === undefined ? undefined : UNITS.find((u) => u.local === canonical.unit && u.kind === unit.kind);
  if (value === undefined || target === undefined) {
    return { key: `u:${unit.local}:${plainNumber(String(number))}`, display: `${plainNumber(lexical)} ${unit.symbol}` };
  }
  // 12 significant digits: binary noise from the conversion must not make equal values differ.
  const shown = plainNumber(String(value));
  return { key: `q:${target.local}:${shown}`, display: `${shown} ${target.symbol}` };
}
