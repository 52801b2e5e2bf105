import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { gunzipSync, createGunzip } from 'node:zlib';
import type { Quad } from 'n3';
import { PhdError } from '../errors/index.js';
import { formatFromPath, parseRdfStream } from '../rdf/index.js';
import type { RdfFormat } from '../rdf/index.js';

/** Where a quad was read: file index × 2³² + the line it ends on (0 for JSON-LD), so positions compare as numbers. */
export type QuadPosition = number;

const LINE_SPAN = 2 ** 32;

/** A batch of quads taken from the reader, with their positions. */
export interface QuadBatch {
  readonly quads: Quad[];
  readonly positions: QuadPosition[];
  /** True when the input is exhausted: nothing follows this batch. */
  readonly last: boolean;
}

/**
 * Reads RDF files one after the other into a bounded buffer of quads: the parse runs ahead of
 * the consumer by at most `highWater` quads, then pauses the file until the consumer takes some,
 * so memory does not depend on the size of the files.
 */
export class QuadReader {
  private quads: Quad[] = [];
  private positions: QuadPosition[] = [];
  private ended = false;
  private failure: Error | undefined;
  private paused: Readable | undefined;
  private wake: (() => void) | undefined;
  private wanted = 0;
  /** Bytes read from the files so far (compressed bytes for `.gz`). */
  public bytesRead = 0;
  /** Quads read so far. */
  public quadsRead = 0;

  /**
   * @param files - the files, in order.
   * @param options - how many quads to buffer at most, a per-quad map (e.g. rebasing IRIs), and
   *   the JSON-LD parser (JSON-LD is read whole, as the record service reads it).
   */
  public constructor(
    private readonly files: readonly string[],
    private readonly options: {
      highWater: number;
      map?: (quad: Quad) => Quad;
      parseJsonLd: (text: string, source: string) => Promise<Quad[]>;
    },
  ) {}

  /**
   * The total size of the files in bytes (for the progress estimate).
   * @returns bytes.
   */
  public async totalBytes(): Promise<number> {
    let total = 0;
    for (const file of this.files) total += (await stat(file)).size;
    return total;
  }

  /**
   * The file and line a position denotes.
   * @param position - a quad position.
   * @returns file path and line.
   */
  public where(position: QuadPosition): { file: string; line: number } {
    return { file: this.files[Math.floor(position / LINE_SPAN)] ?? '?', line: position % LINE_SPAN };
  }

  /** Starts reading; errors are kept and raised by {@link take}. */
  public start(): void {
    this.readAll().then(() => { this.ended = true; }, (error: unknown) => { this.failure = error instanceof Error ? error : new Error(String(error)); }).finally(() => this.wake?.());
  }

  /**
   * Takes up to `count` quads, waiting until that many are read or the input ends.
   * @param count - how many.
   * @returns the batch.
   * @throws the first read or parse error (a {@link PhdError} naming file and line).
   */
  public async take(count: number): Promise<QuadBatch> {
    while (this.failure === undefined && !this.ended && this.quads.length < count) {
      this.wanted = count;
      await new Promise<void>((resolve) => { this.wake = resolve; });
      this.wake = undefined;
    }
    if (this.failure !== undefined) throw this.failure;
    const quads = this.quads.splice(0, count);
    const positions = this.positions.splice(0, count);
    if (this.paused !== undefined && this.quads.length < this.options.highWater) {
      this.paused.resume();
      this.paused = undefined;
    }
    return { quads, positions, last: this.ended && this.quads.length === 0 };
  }

  private add(quad: Quad, position: QuadPosition, input: Readable | undefined): void {
    this.quads.push(this.options.map === undefined ? quad : this.options.map(quad));
    this.positions.push(position);
    this.quadsRead += 1;
    if (input !== undefined && this.paused === undefined && this.quads.length >= this.options.highWater) {
      input.pause();
      this.paused = input;
    }
    if (this.wake !== undefined && this.quads.length >= this.wanted) this.wake();
  }

  private async readAll(): Promise<void> {
    for (const [index, file] of this.files.entries()) {
      const gzip = /\.gz$/i.test(file);
      const format = formatFromPath(gzip ? file.slice(0, -3) : file);
      if (format === undefined) throw new PhdError(2, 'unknown-file-type', `${file}: unknown file type (use .ttl, .trig, .nt, .nq or .jsonld, optionally gzipped as .gz)`);
      if (format === 'json-ld') {
        const bytes = await readFile(file);
        this.bytesRead += bytes.length;
        const quads = await this.options.parseJsonLd((gzip ? gunzipSync(bytes) : bytes).toString('utf8'), file);
        for (const quad of quads) this.add(quad, index * LINE_SPAN, undefined);
        continue;
      }
      await this.readFile(file, index, format, gzip);
    }
  }

  private async readFile(file: string, index: number, format: Exclude<RdfFormat, 'json-ld'>, gzip: boolean): Promise<void> {
    const raw = createReadStream(file);
    raw.on('data', (chunk) => { this.bytesRead += chunk.length; });
    let input: Readable = raw;
    if (gzip) {
      const gunzip = createGunzip();
      raw.on('error', (error) => gunzip.destroy(error));
      input = raw.pipe(gunzip);
    }
    try {
      await parseRdfStream(input, format, { source: file, onQuad: (quad, line) => this.add(quad, index * LINE_SPAN + line, input) });
    } catch (error) {
      if (PhdError.isInstance(error)) throw error;
      throw new PhdError(2, 'unreadable-file', `${file}: cannot be read${gzip ? ' as gzip' : ''}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      raw.destroy();
      if (this.paused === input) this.paused = undefined;
    }
  }
}
