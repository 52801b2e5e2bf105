import { describe, expect, it } from 'vitest';
import { WASM, withMemoryMaximum } from '../../../src/workers/wasm-memory-limit.js';

/** A module with one memory (`min` pages, optional `max`) exported as "memory", and nothing else. */
function moduleWithMemory(min: number, max?: number): Uint8Array {
  const memory = max === undefined ? [0x01, 0x00, min] : [0x01, 0x01, min, max];
  const name = Array.from(Buffer.from('memory', 'ascii'));
  const exports = [0x01, name.length, ...name, 0x02, 0x00];
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, memory.length, ...memory, 0x07, exports.length, ...exports]);
}

function memoryOf(bytes: Uint8Array): { grow(pages: number): number; buffer: ArrayBuffer } {
  const instance = new WASM.Instance(new WASM.Module(bytes));
  return instance.exports.memory as { grow(pages: number): number; buffer: ArrayBuffer };
}

describe('withMemoryMaximum', () => {
  it('gives a memory without a maximum the limit: growing past it fails, up to it works.', () => {
    const limited = memoryOf(withMemoryMaximum(moduleWithMemory(1), 3));
    expect(limited.grow(2)).toBe(1);
    expect(limited.buffer.byteLength).toBe(3 * 64 * 1024);
    expect(() => limited.grow(1)).toThrow(RangeError);
    // The same module unlimited grows on.
    expect(memoryOf(moduleWithMemory(1)).grow(3)).toBe(1);
  });

  it('keeps a smaller maximum of the module, and never goes below its minimum.', () => {
    expect(() => memoryOf(withMemoryMaximum(moduleWithMemory(1, 2), 100)).grow(2)).toThrow(RangeError);
    const atMinimum = memoryOf(withMemoryMaximum(moduleWithMemory(4), 1));
    expect(atMinimum.buffer.byteLength).toBe(4 * 64 * 1024);
    expect(() => atMinimum.grow(1)).toThrow(RangeError);
  });

  it('leaves a module without a memory unchanged, and refuses a truncated one.', () => {
    const empty = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(withMemoryMaximum(empty, 10)).toEqual(empty);
    expect(() => withMemoryMaximum(Uint8Array.from([...empty, 0x05, 0x83]), 10)).toThrow(/truncated/);
  });
});
