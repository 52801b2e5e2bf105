import { unitBySymbol } from '../domain/index.js';
import { toCanonical } from '../domain/index.js';
import type { OmeQuantity } from './ome-document.js';

// OME quantities as the converters write and the matcher compares them: both sides must round and
// convert alike, or a configuration written from a file would not match that same file.

/**
 * A length in nm (the canonical unit of light), or undefined when it has no convertible unit.
 * @param quantity - the OME value and unit symbol.
 * @returns the length in nm.
 */
export function toNm(quantity: OmeQuantity | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  const unit = unitBySymbol('length', quantity.unit);
  return unit === undefined ? undefined : toCanonical(quantity.value, unit, 'NanoM');
}

/**
 * Rounds away the binary noise of unit arithmetic (0.1 + 0.2), keeping 12 significant digits.
 * @param value - a computed value.
 * @returns the value to write.
 */
export function round(value: number): number {
  return Number(value.toPrecision(12));
}
