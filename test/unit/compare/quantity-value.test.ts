import { describe, expect, it } from 'vitest';
import { quantityValue } from '../../../src/compare/index.js';
import { UNIT_NS } from '../../../src/domain/index.js';

describe('quantityValue', () => {
  it('makes 0.488 µm and 488 nm the same wavelength, shown in nm.', () => {
    const micrometres = quantityValue('wavelength', '0.488', `${UNIT_NS}MicroM`);
    const nanometres = quantityValue('wavelength', '488', `${UNIT_NS}NanoM`);
    expect(micrometres.key).toBe(nanometres.key);
    expect(micrometres.display).toBe('488 nm');
  });

  it('makes 0.05 W and 50 mW the same power, and 50 mW differ from 5 mW.', () => {
    expect(quantityValue('power', '0.05', `${UNIT_NS}W`).key).toBe(quantityValue('power', '50', `${UNIT_NS}MilliW`).key);
    expect(quantityValue('power', '50', `${UNIT_NS}MilliW`).key).not.toBe(quantityValue('power', '5', `${UNIT_NS}MilliW`).key);
  });

  it('keeps a unit that cannot be converted, comparing by it.', () => {
    const rms = quantityValue('readNoise', '6.5', `${UNIT_NS}ELECTRON_RMS`);
    expect(rms.display).toBe('6.5 e- rms');
    expect(rms.key).not.toBe(quantityValue('readNoise', '6.5', `${UNIT_NS}ELECTRON`).key);
  });
});
