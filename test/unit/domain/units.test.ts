import { describe, expect, it } from 'vitest';
import { canonicalUnitFor, decimalLexical, plainNumber, UNITS } from '../../../src/domain/units.js';
import { toCanonical, unitFor } from '../../../src/domain/nbo-q-mapping.js';

describe('The unit table', () => {
  it('names each unit once per quantity kind.', () => {
    const keys = UNITS.map((u) => `${u.kind}:${u.symbol}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(UNITS.map((u) => u.local)).size).toBe(UNITS.length);
  });

  it('normalises light to nm, distances to mm and power to mW.', () => {
    expect(canonicalUnitFor('length', 'PeakWavelength')).toEqual({ unit: 'NanoM', suffix: 'nm' });
    expect(canonicalUnitFor('length', 'WorkingDistance')).toEqual({ unit: 'MilliM', suffix: 'mm' });
    expect(canonicalUnitFor('length', 'PixelWidth')).toEqual({ unit: 'MicroM', suffix: 'um' });
    expect(canonicalUnitFor('power', 'IlluminationPower')).toEqual({ unit: 'MilliW', suffix: 'mW' });
    expect(canonicalUnitFor('density', 'Density')).toBeUndefined();
  });

  it('converts values between units of a kind, temperatures included.', () => {
    const um = unitFor('length', 'µm');
    const watt = unitFor('power', 'W');
    const fahrenheit = unitFor('temperature', '°F');
    expect(um && toCanonical(0.488, um, 'NanoM')).toBe(488);
    expect(watt && toCanonical(0.02, watt, 'MilliW')).toBe(20);
    expect(fahrenheit && toCanonical(98.6, fahrenheit, 'DEG_C')).toBe(37);
    const pixel = unitFor('length', 'Pixel');
    expect(pixel && toCanonical(3, pixel, 'MilliM')).toBeUndefined();
  });
});

describe('decimalLexical and plainNumber', () => {
  it('write numbers without exponents, as xsd:decimal needs, and read doubles the way people write them.', () => {
    expect(decimalLexical(1e-7)).toBe('0.0000001');
    expect(decimalLexical(-2.5e-3)).toBe('-0.0025');
    expect(decimalLexical(1e21)).toBe('1000000000000000000000');
    expect(decimalLexical(1.4)).toBe('1.4');
    expect(plainNumber('4.02E2')).toBe('402');
    expect(plainNumber('1.40')).toBe('1.4');
    expect(plainNumber('0.30000000000000004')).toBe('0.3');
    expect(plainNumber('n/a')).toBe('n/a');
    expect(plainNumber('')).toBe('');
  });
});
