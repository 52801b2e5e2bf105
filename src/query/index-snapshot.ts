/**
 * A snapshot of a query worker's index: the image of the Oxigraph engine's WebAssembly memory,
 * written to a file beside the SQLite store, so that a restart copies it back instead of parsing
 * every record again (at 1M triples: about a second instead of several).
 *
 * Oxigraph's npm package keeps its store in the module's linear memory and nothing else: the Rust
 * allocator, the store's tables and the interned strings are all bytes of that memory. A fresh
 * instance of the same module whose memory is overwritten with the image (grown to its size, with
 * the externref table grown to its length and the exported mutable globals set back) is the same
 * engine, and the store lives at the pointer it had. The stack pointer (a global the module does
 * not export) is at its initial value between calls, as it was when the image was taken.
 *
 * The image is only trusted when it was written by the same module bytes (digest in the header),
 * its body's CRC-32 matches, and the store it holds has the quad
 * count written beside it; see index-startup.ts for how it is kept consistent with SQLite.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { Store } from 'oxigraph';
import type { CapturedInstance } from '../workers/index.js';
import { oxigraph } from '../rdf/index.js';

const MAGIC = 'PHDINDEX';
const FORMAT = 4;
/** Bytes read or written per call: bounds the JavaScript buffer of the CRC pass. */
const CHUNK = 16 * 1024 * 1024;
const PAGE_BYTES = 64 * 1024;

/** Where the store's snapshot is: in SQLite's terms, which write it reflects. */
export interface SnapshotPosition {
  /** The id of the last revision (`revisions.id`) the index holds; 0 for an empty store. */
  readonly revision: number;
  /** That revision's iri, version and action, so that another database with the same ids is told apart. */
  readonly fingerprint: string;
  /** The names of the vocabulary graphs loaded beside the records (replaced on restore). */
  readonly vocabularyGraphs: readonly string[];
}

/** The header of a snapshot file. */
export interface SnapshotHeader extends SnapshotPosition {
  readonly format: number;
  readonly moduleDigest: string;
  readonly storePointer: number;
  readonly quads: number;
  readonly memoryBytes: number;
  readonly tableLength: number;
  /**
   * The JavaScript values the engine holds by index in its externref table, other than null: the
   * strings it interned once and keeps ("termType", "value", …); `undefined` ones are listed apart,
   * JSON having no undefined.
   */
  readonly tableValues: readonly (readonly [number, string | number | boolean])[];
  readonly tableUndefined: readonly number[];
  readonly globals: Readonly<Record<string, number>>;
  /**
   * The runs of 64 KiB pages of the memory that are not all zeros, `[first page, count]`, in order:
   * the body holds these pages only. A zero page is left untouched on restore, so it costs neither
   * disk nor resident memory (about 40 % of the pages after a load).
   */
  readonly runs: readonly (readonly [number, number])[];
  /** CRC-32 of the body. */
  readonly crc: number;
}

interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmTable { readonly length: number; grow(delta: number): number; get(index: number): unknown; set(index: number, value: unknown): void }
interface WasmGlobal { value: unknown }
/** The WebAssembly classes told apart here (Node's compiler libraries do not type them). */
const WASM_CLASSES = (globalThis as unknown as { WebAssembly: { Table: abstract new (...args: never[]) => object; Global: abstract new (...args: never[]) => object } }).WebAssembly;

/** The engine of this thread (the instance that exports Oxigraph's store), or undefined. */
export function oxigraphInstance(instances: readonly CapturedInstance[]): CapturedInstance | undefined {
  return instances.find((i) => typeof i.exports.store_new === 'function' && typeof i.exports.memory === 'object');
}

function parts(instance: CapturedInstance): { memory: WasmMemory; table: WasmTable | undefined; globals: [string, WasmGlobal][] } {
  const { exports } = instance;
  const memory = exports.memory as WasmMemory;
  const table = Object.values(exports).find((v) => v instanceof WASM_CLASSES.Table) as WasmTable | undefined;
  const globals = Object.entries(exports).filter((e): e is [string, WasmGlobal] => e[1] instanceof WASM_CLASSES.Global);
  return { memory, table, globals };
}

/**
 * Writes the image of the engine holding `store` to `path`, atomically (a temporary file renamed
 * over it once synced): a crash while writing leaves the previous snapshot, or none.
 * @param path - the snapshot file.
 * @param instance - the Oxigraph instance of this thread.
 * @param store - the index's store (in that instance).
 * @param position - which revision of the database the store reflects.
 * @returns the bytes written.
 */
export function writeIndexSnapshot(path: string, instance: CapturedInstance, store: Store, position: SnapshotPosition): number {
  const { memory, table, globals } = parts(instance);
  // Every call into the engine (even `size`) writes to its stack, which is in the memory: ask first, then read the memory.
  const quads = store.size;
  const storePointer = pointerOf(store);
  const values = table === undefined ? { tableValues: [], tableUndefined: [] } : tableContents(table);
  const memoryBytes = new Uint8Array(memory.buffer);
  const runs = nonZeroRuns(memoryBytes);
  let crc = 0;
  forEachChunk(runs, (at, n) => {
    crc = crc32(memoryBytes.subarray(at, at + n), crc);
  });
  const header: SnapshotHeader = {
    ...position, format: FORMAT, moduleDigest: instance.moduleDigest, storePointer, quads, memoryBytes: memoryBytes.length,
    tableLength: table?.length ?? 0, ...values, globals: Object.fromEntries(globals.map(([name, g]) => [name, Number(g.value)])), runs, crc,
  };
  const head = encodeHeader(header);
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  let written = head.length;
  try {
    writeAll(fd, head);
    forEachChunk(runs, (at, n) => {
      writeAll(fd, memoryBytes.subarray(at, at + n));
      written += n;
    });
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
  return written;
}

/**
 * The values of the externref table, which must be primitives to be written down.
 * @throws Error when the engine holds an object (nothing this version of Oxigraph does between calls).
 */
function tableContents(table: WasmTable): Pick<SnapshotHeader, 'tableValues' | 'tableUndefined'> {
  const tableValues: [number, string | number | boolean][] = [];
  const tableUndefined: number[] = [];
  for (let i = 0; i < table.length; i += 1) {
    const value = table.get(i);
    if (value === null) continue;
    if (value === undefined) tableUndefined.push(i);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') tableValues.push([i, value]);
    else throw new Error(`the engine holds a JavaScript ${typeof value} at externref ${i}: its memory cannot be written down`);
  }
  return { tableValues, tableUndefined };
}

/** The runs of pages of `memory` that hold a non-zero byte. */
function nonZeroRuns(memory: Uint8Array): [number, number][] {
  const words = new BigUint64Array(memory.buffer, memory.byteOffset, memory.byteLength / 8);
  const wordsPerPage = PAGE_BYTES / 8;
  const runs: [number, number][] = [];
  const pages = memory.byteLength / PAGE_BYTES;
  for (let page = 0; page < pages; page += 1) {
    let zero = true;
    for (let i = page * wordsPerPage, end = i + wordsPerPage; i < end; i += 1) {
      if (words[i] !== 0n) {
        zero = false;
        break;
      }
    }
    if (zero) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] + last[1] === page) last[1] += 1;
    else runs.push([page, 1]);
  }
  return runs;
}

/** Calls `f(byte offset in memory, length)` over the runs, in pieces of at most {@link CHUNK} bytes. */
function forEachChunk(runs: readonly (readonly [number, number])[], f: (at: number, n: number) => void): void {
  for (const [page, count] of runs) {
    const end = (page + count) * PAGE_BYTES;
    for (let at = page * PAGE_BYTES; at < end; at += CHUNK) f(at, Math.min(CHUNK, end - at));
  }
}

/** Bytes of the body: the pages of the runs. */
function bodyBytes(runs: readonly (readonly [number, number])[]): number {
  return runs.reduce((n, [, count]) => n + count * PAGE_BYTES, 0);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

function encodeHeader(header: SnapshotHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, json]);
}

/** An open snapshot file whose header was read; {@link restoreIndexSnapshot} or {@link SnapshotFile.close} it. */
export interface SnapshotFile {
  readonly header: SnapshotHeader;
  readonly fd: number;
  readonly bodyAt: number;
  close(): void;
}

/**
 * Opens a snapshot and reads its header, checking what can be checked without reading the body:
 * the magic, the format, the module that wrote it, and the file's length.
 * @param path - the snapshot file.
 * @param moduleDigest - the digest of this thread's Oxigraph module.
 * @returns the open file, or why it cannot be used (`missing` when there is none).
 */
export function openIndexSnapshot(path: string, moduleDigest: string): SnapshotFile | { reason: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { reason: 'missing' };
  }
  const fail = (reason: string): { reason: string } => {
    closeSync(fd);
    return { reason };
  };
  const start = Buffer.alloc(12);
  if (readSync(fd, start, 0, 12, 0) !== 12 || start.toString('latin1', 0, 8) !== MAGIC) return fail('not a snapshot file');
  const length = start.readUInt32LE(8);
  const json = Buffer.alloc(length);
  if (length > 64 * 1024 * 1024 || readSync(fd, json, 0, length, 12) !== length) return fail('truncated header');
  let header: SnapshotHeader;
  try {
    header = JSON.parse(json.toString('utf8')) as SnapshotHeader;
  } catch {
    return fail('unreadable header');
  }
  if (header.format !== FORMAT) return fail(`format ${String(header.format)}, not ${FORMAT}`);
  if (header.moduleDigest !== moduleDigest) return fail('written by another version of the query engine');
  const bodyAt = 12 + length;
  if (!Array.isArray(header.runs) || fstatSync(fd).size !== bodyAt + bodyBytes(header.runs)) return fail('truncated or padded body');
  return { header, fd, bodyAt, close: () => closeSync(fd) };
}

/**
 * Restores a snapshot into this thread's engine, which must be fresh (no store of its own in use).
 * The body's CRC is checked before the engine's memory is touched; a failure before that leaves the
 * engine as it was (`ok: false, touched: false`), one after it (a store whose quad count is not the
 * header's) leaves the engine unusable (`touched: true`): the worker must exit.
 * @param file - the opened snapshot (closed here).
 * @param instance - the Oxigraph instance of this thread.
 * @returns the restored store, or why not.
 */
export function restoreIndexSnapshot(file: SnapshotFile, instance: CapturedInstance): { ok: true; store: Store } | { ok: false; reason: string; touched: boolean } {
  const { header, fd, bodyAt } = file;
  try {
    const total = bodyBytes(header.runs);
    const scratch = Buffer.alloc(Math.min(CHUNK, Math.max(total, 1)));
    let crc = 0;
    for (let at = 0; at < total; at += CHUNK) {
      const n = Math.min(CHUNK, total - at);
      if (readSync(fd, scratch, 0, n, bodyAt + at) !== n) return { ok: false, reason: 'short read', touched: false };
      crc = crc32(scratch.subarray(0, n), crc);
    }
    if (crc !== header.crc) return { ok: false, reason: 'checksum mismatch (corrupted body)', touched: false };
    const { memory, table, globals } = parts(instance);
    const pages = header.memoryBytes / PAGE_BYTES;
    const have = memory.buffer.byteLength / PAGE_BYTES;
    if (!Number.isInteger(pages) || pages < have) return { ok: false, reason: 'memory size does not fit this engine', touched: false };
    try {
      if (pages > have) memory.grow(pages - have);
    } catch (error) {
      return { ok: false, reason: `the snapshot (${Math.round(header.memoryBytes / 2 ** 20)} MiB) exceeds the engine's memory limit: ${String(error)}`, touched: false };
    }
    // The pages of the image that are zero must be zero in the engine too: the pages grown above
    // are; those the fresh instance already had are cleared here (a few, its start-up memory).
    const target = new Uint8Array(memory.buffer);
    let page = 0;
    for (const [first, count] of [...header.runs, [have, 0] as const]) {
      if (page < Math.min(first, have)) target.fill(0, page * PAGE_BYTES, Math.min(first, have) * PAGE_BYTES);
      page = first + count;
      if (page >= have) break;
    }
    let from = bodyAt;
    let short = false;
    forEachChunk(header.runs, (at, n) => {
      if (!short && readSync(fd, target, at, n, from) !== n) short = true;
      from += n;
    });
    if (short) return { ok: false, reason: 'short read', touched: true };
    if (table !== undefined) {
      if (header.tableLength > table.length) table.grow(header.tableLength - table.length);
      for (let i = 0; i < table.length; i += 1) table.set(i, null);
      for (const i of header.tableUndefined) table.set(i, undefined);
      for (const [i, value] of header.tableValues) table.set(i, value);
    }
    for (const [name, global] of globals) {
      const value = header.globals[name];
      if (value === undefined) continue;
      try {
        global.value = value;
      } catch {
        // an immutable global: the same in every instance of the module
      }
    }
    const store = Object.create(oxigraph.Store.prototype) as Store;
    (store as unknown as { __wbg_ptr: number }).__wbg_ptr = header.storePointer;
    let size: number;
    try {
      size = store.size;
    } catch (error) {
      return { ok: false, reason: `the restored store fails: ${String(error)}`, touched: true };
    }
    if (size !== header.quads) return { ok: false, reason: `the restored store has ${size} quads, not ${header.quads}`, touched: true };
    return { ok: true, store };
  } finally {
    file.close();
  }
}

function pointerOf(store: Store): number {
  const pointer = (store as unknown as { __wbg_ptr?: unknown }).__wbg_ptr;
  if (typeof pointer !== 'number' || pointer === 0) throw new Error('the Oxigraph store has no pointer into its engine (another oxigraph build?)');
  return pointer;
}
