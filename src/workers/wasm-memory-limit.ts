/**
 * A memory limit for the WebAssembly modules a thread instantiates (Oxigraph, the query engine).
 *
 * A worker's `resourceLimits` bound its JavaScript heap only: a WebAssembly module's linear memory
 * lives outside it and grows up to 4 GiB, unseen by V8's limits. Linear memory never shrinks
 * either, so one query that builds a huge value keeps its thread at that size. The one place that
 * bounds it is the module itself: the maximum of its memory type. {@link limitWasmMemory} rewrites
 * that maximum in the bytes of every module compiled afterwards on this thread, so a `memory.grow`
 * past the limit fails inside the engine (Rust's allocator aborts: a `RuntimeError: unreachable`
 * trap, caught by the caller) instead of taking memory from the rest of the machine.
 */

const PAGE_BYTES = 64 * 1024;

/** The parts of the WebAssembly JS API used here (the compiler's libraries for Node type none of it). */
interface WasmApi {
  Module: new (bytes: ArrayBuffer | ArrayBufferView) => object;
  Instance: new (module: object, imports?: object) => { readonly exports: Readonly<Record<string, unknown>> };
  Memory: abstract new (...args: never[]) => { readonly buffer: ArrayBuffer };
  RuntimeError: abstract new (...args: never[]) => Error;
}

/** This thread's WebAssembly API. */
export const WASM: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const MEMORY_SECTION = 5;

/** What {@link limitWasmMemory} gives back: the limit, and how much linear memory is in use. */
export interface WasmMemoryLimit {
  /** The maximum of each module's linear memory, in bytes. */
  readonly maxBytes: number;
  /** Bytes of linear memory of the modules instantiated since the limit was set. */
  usedBytes(): number;
}

function readLeb(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let next = at;
  for (;;) {
    const byte = bytes[next];
    if (byte === undefined) throw new RangeError('truncated WebAssembly module');
    next += 1;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value, next };
  }
}

function writeLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return out;
}

/**
 * A copy of a WebAssembly module's bytes whose own (not imported) 32-bit memories have the given
 * maximum: the smaller of it and the module's own maximum, never below the module's minimum.
 * Modules without a memory section are returned unchanged.
 * @param module - the binary module.
 * @param maxPages - the maximum, in 64 KiB pages.
 * @returns the rewritten module.
 * @example
 * new WebAssembly.Module(withMemoryMaximum(readFileSync('engine.wasm'), 4096)); // at most 256 MiB
 */
export function withMemoryMaximum(module: Uint8Array, maxPages: number): Uint8Array {
  const parts: Uint8Array[] = [module.subarray(0, 8)];
  let at = 8;
  while (at < module.length) {
    const id = module[at] ?? 0;
    const size = readLeb(module, at + 1);
    const end = size.next + size.value;
    if (id !== MEMORY_SECTION) {
      parts.push(module.subarray(at, end));
      at = end;
      continue;
    }
    const count = readLeb(module, size.next);
    const content: number[] = writeLeb(count.value);
    let cursor = count.next;
    for (let i = 0; i < count.value; i += 1) {
      const flags = module[cursor] ?? 0;
      if ((flags & 0x04) !== 0) throw new RangeError('64-bit WebAssembly memories are not supported by the memory limit');
      const min = readLeb(module, cursor + 1);
      cursor = min.next;
      let max = maxPages;
      if ((flags & 0x01) !== 0) {
        const own = readLeb(module, cursor);
        cursor = own.next;
        max = Math.min(max, own.value);
      }
      content.push(flags | 0x01, ...writeLeb(min.value), ...writeLeb(Math.max(min.value, max)));
    }
    parts.push(Uint8Array.from([MEMORY_SECTION, ...writeLeb(content.length), ...content]));
    at = end;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Limits the linear memory of every WebAssembly module compiled from bytes on this thread from
 * now on (`new WebAssembly.Module(bytes)`, as wasm-bindgen's Node.js glue does), and tracks the
 * memories of the instances made from them. Call it before the engine's package is loaded, in a
 * thread of its own: it changes this thread's `WebAssembly.Module` and `WebAssembly.Instance`.
 * @param maxBytes - the maximum of each module's linear memory, in bytes (rounded down to 64 KiB pages).
 * @returns the limit and a probe of the memory in use.
 */
export function limitWasmMemory(maxBytes: number): WasmMemoryLimit {
  const maxPages = Math.max(1, Math.floor(maxBytes / PAGE_BYTES));
  const memories: { readonly buffer: ArrayBuffer }[] = [];
  const OriginalModule = WASM.Module;
  const OriginalInstance = WASM.Instance;
  class LimitedModule extends OriginalModule {
    public constructor(bytes: ArrayBuffer | ArrayBufferView) {
      super(withMemoryMaximum(ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes), maxPages));
    }
  }
  class TrackedInstance extends OriginalInstance {
    public constructor(module: object, imports?: object) {
      super(module, imports);
      for (const value of Object.values(this.exports)) if (value instanceof WASM.Memory) memories.push(value);
    }
  }
  WASM.Module = LimitedModule;
  WASM.Instance = TrackedInstance;
  return {
    maxBytes: maxPages * PAGE_BYTES,
    usedBytes: () => memories.reduce((n, m) => n + m.buffer.byteLength, 0),
  };
}
