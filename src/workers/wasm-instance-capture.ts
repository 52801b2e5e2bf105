/**
 * A record of the WebAssembly instances made on this thread, and a digest of the bytes of their
 * modules: what an image of an engine's memory needs to be restored into a fresh instance of the
 * same module (see src/query/index-snapshot.ts).
 */
import { createHash } from 'node:crypto';
import { WASM } from './wasm-memory-limit.js';

/** The parts of an instance an image needs: its memory, its externref table and its exported mutable globals. */
export interface CapturedInstance {
  /** sha256 (hex) of the module's bytes as compiled (before any memory limit rewrote them). */
  readonly moduleDigest: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

/**
 * Records every WebAssembly instance made on this thread from now on. Call it before the engine's
 * package is loaded (it compiles and instantiates its module as it loads).
 * @returns a function giving the instances made so far, oldest first.
 */
export function captureWasmInstances(): () => readonly CapturedInstance[] {
  const instances: CapturedInstance[] = [];
  const digests = new WeakMap<object, string>();
  const OriginalModule = WASM.Module;
  const OriginalInstance = WASM.Instance;
  class DigestedModule extends OriginalModule {
    public constructor(bytes: ArrayBuffer | ArrayBufferView) {
      super(bytes);
      const view = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
      digests.set(this, createHash('sha256').update(view).digest('hex'));
    }
  }
  class CapturedWasmInstance extends OriginalInstance {
    public constructor(module: object, imports?: object) {
      super(module, imports);
      instances.push({ moduleDigest: digests.get(module) ?? '', exports: this.exports });
    }
  }
  WASM.Module = DigestedModule;
  WASM.Instance = CapturedWasmInstance;
  return () => instances;
}
