import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { CHILD_OWNED_LINKS, partitionRecords, recordOwner, termKey } from '../domain/index.js';
import { PhdError } from '../errors/index.js';
import { formatFromPath } from '../rdf/index.js';
import type { RdfFormat } from '../rdf/index.js';
import type { RecordStore, RecordWrite } from '../store/index.js';
import { ParallelValidator } from '../validation/index.js';
import type { ValidationIssue } from '../validation/index.js';
import { QuadReader } from './quad-reader.js';
import type { QuadPosition } from './quad-reader.js';
import type { RecordService } from './record-service.js';

/** The placeholder base of the sample data, rebased to PHD_BASE_URL when seeding. */
export const SAMPLE_BASE = 'https://imaging-phd.example';

/**
 * Progress of a bulk load, reported as it goes. The streaming loader reports phase `load` with
 * `done`/`total` in bytes of the files read (compressed bytes for gzip) and the running counts.
 */
export interface LoadProgress {
  readonly phase: 'parse' | 'validate' | 'write' | 'load';
  readonly done: number;
  readonly total: number;
  /** Triples read so far (phase `load`). */
  readonly triples?: number;
  /** Records committed so far (phase `load`). */
  readonly records?: number;
}

/** Outcome of a bulk load. */
export interface LoadSummary {
  readonly files: number;
  readonly records: number;
  readonly triples: number;
  readonly skippedExisting: number;
  readonly rejected: readonly { iri: string; issues: readonly ValidationIssue[] }[];
  readonly orphans: number;
}

/**
 * The files to read: each file named, and in each directory (recursively, sorted, hidden files
 * skipped) the files `accept` takes.
 * @param paths - files or directories.
 * @param accept - which file names found in directories to take.
 * @returns file paths.
 */
export async function filesUnder(paths: readonly string[], accept: (name: string) => boolean): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new PhdError(2, 'not-found', `${path}: no such file or directory`);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    for (const name of (await readdir(path)).filter((n) => !n.startsWith('.')).sort()) {
      const child = join(path, name);
      if ((await stat(child)).isDirectory()) files.push(...(await filesUnder([child], accept)));
      else if (accept(name)) files.push(child);
    }
  }
  return files;
}

/**
 * Lists the RDF files under the given paths, sorted. Directories are walked recursively and yield
 * files with an RDF extension (`.json` only when named explicitly, since directories hold other JSON).
 * @param paths - files or directories.
 * @returns file paths.
 */
export function rdfFiles(paths: readonly string[]): Promise<string[]> {
  return filesUnder(paths, (name) => fileFormat(name) !== undefined && !/\.json(\.gz)?$/.test(name));
}

/**
 * The RDF format of a file name, looking through a `.gz` suffix.
 * @param path - a file name.
 * @returns the format, or undefined.
 */
export function fileFormat(path: string): RdfFormat | undefined {
  return formatFromPath(path.replace(/\.gz$/i, ''));
}


/** Triples taken into one chunk (by default): validated together and committed in one transaction. */
export const CHUNK_TRIPLES = 40_000;

/** Chunks larger than this validate on worker threads (starting them costs more than small loads take). */
const PARALLEL_FROM = 20_000;

function rebaser(from: string, to: string): ((q: Quad) => Quad) | undefined {
  if (from === to) return undefined;
  const { namedNode, quad } = N3.DataFactory;
  const map = <T extends Quad['subject'] | Quad['object']>(term: T): T =>
    (term.termType === 'NamedNode' && term.value.startsWith(`${from}/`) ? namedNode(`${to}${term.value.slice(from.length)}`) : term) as T;
  return (q) => quad(map(q.subject), q.predicate, map(q.object), q.graph);
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * A copy of a string that keeps nothing else alive. The parser cuts terms out of the text it reads
 * as V8 sliced strings, each holding its whole input block (~50 KB): one record IRI kept per record
 * kept all the input read (1.1 GB at 10M triples). A JSON round trip copies every UTF-16 code unit
 * exactly, lone surrogates included (a UTF-8 round trip would turn them into U+FFFD).
 */
const detached = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

/** Running totals of a load, and where its committed prefix ends. */
interface Tally {
  records: number;
  triples: number;
  skippedExisting: number;
  orphans: number;
  rejected: { iri: string; issues: readonly ValidationIssue[] }[];
  /** Every quad before this position has been dealt with (committed, skipped, rejected or counted as orphan). */
  settled: QuadPosition;
}

export interface BulkLoadDeps {
  readonly service: RecordService;
  readonly store: RecordStore;
  readonly progress?: (p: LoadProgress) => void;
  /** The base URL the sample's IRIs are rebased to (seeding). */
  readonly rebaseTo?: string;
  /** Triples per committed chunk (default {@link CHUNK_TRIPLES}). */
  readonly chunkTriples?: number;
  /** Heap limit of each validation thread, in MiB (PHD_VALIDATOR_HEAP_MB; default 512). */
  readonly validatorHeapMb?: number;
}

/**
 * Loads records from files of any size into the store, streaming: the files are parsed as they
 * are read (N-Triples, N-Quads, Turtle, TriG, any of them gzipped; JSON-LD files are read whole),
 * the quads are cut into chunks of about 40,000 triples, each chunk is split into records (as
 * {@link RecordService.prepareBulk} splits them), validated on worker threads, and its valid new
 * records are committed in one transaction. Memory stays bounded whatever the size of the files.
 *
 * Grouping: a record's triples must lie together in the input (as exports and the generator write
 * them). A chunk ends at a record boundary: the record still being read when a chunk fills, and
 * triples that belong to no record yet (e.g. the link to a record whose type comes next), move to
 * the next chunk. A record whose triples reappear after it was committed stops the load with an
 * error naming both lines. A record may refer to records earlier in the input or already stored.
 *
 * Resuming: records already in the store are skipped, never overwritten, and every chunk is
 * committed whole, so a load that was killed, rerun with the same files, converges on the same
 * store as one uninterrupted load.
 *
 * @param paths - files or directories.
 * @param deps - service, store, where to report progress, and the options of {@link BulkLoadDeps}.
 * @returns the summary.
 * @throws PhdError naming file and line on malformed input, a reappearing record or a failed
 *   commit (e.g. the disk is full), saying what was committed before it.
 */
export async function bulkLoad(
  paths: readonly string[],
  deps: BulkLoadDeps,
): Promise<LoadSummary> {
  try {
    return await loadFiles(paths, deps);
  } finally {
    // What validating every kind of record built is not kept once the load ends (see RecordService).
    deps.service.releaseValidationCaches();
  }
}

async function loadFiles(
  paths: readonly string[],
  deps: BulkLoadDeps,
): Promise<LoadSummary> {
  const files = await rdfFiles(paths);
  const chunkTriples = deps.chunkTriples ?? CHUNK_TRIPLES;
  const map = deps.rebaseTo === undefined ? undefined : rebaser(SAMPLE_BASE, deps.rebaseTo);
  const reader = new QuadReader(files, {
    highWater: 2 * chunkTriples,
    ...(map === undefined ? {} : { map }),
    parseJsonLd: (text, source) => deps.service.parse(text, 'json-ld', { source }),
  });
  const totalBytes = await reader.totalBytes();
  const tally: Tally = { records: 0, triples: 0, skippedExisting: 0, orphans: 0, rejected: [], settled: 0 };
  const report = (): void => deps.progress?.({ phase: 'load', done: reader.bytesRead, total: totalBytes, triples: reader.quadsRead, records: tally.records });
  // Records of this load already dealt with, and the position of their last triple.
  const finished = new Map<string, QuadPosition>();
  let parallel: ParallelValidator | undefined;
  let carry: { quads: Quad[]; positions: QuadPosition[] } = { quads: [], positions: [] };
  const carriedBefore = new Set<Quad>();
  // The chunk validated last, committed while the next chunk validates (see commitChunk).
  let pending: PreparedChunk | undefined;
  const flush = async (): Promise<void> => {
    const chunk = pending;
    pending = undefined;
    if (chunk !== undefined) await commitChunk(chunk, deps.store, tally);
  };
  // Stops the load: what was validated is committed first, as it was before the commit overlapped.
  const stop = async (error: unknown, make = (): PhdError => stopped(error, tally, reader)): Promise<PhdError> => {
    try {
      await flush();
    } catch (failed) {
      return stopped(failed, tally, reader);
    }
    return make();
  };
  reader.start();
  try {
    for (;;) {
      let batch;
      try {
        // A record larger than a chunk grows its chunk a quarter at a time.
        batch = await reader.take(Math.max(Math.ceil(chunkTriples / 4), chunkTriples - carry.quads.length));
      } catch (error) {
        throw await stop(error);
      }
      const quads = [...carry.quads, ...batch.quads];
      const positions = [...carry.positions, ...batch.positions];
      // Large loads validate on worker threads, one per core (started once a chunk is large).
      if (parallel === undefined && quads.length > PARALLEL_FROM && availableParallelism() > 1) parallel = ParallelValidator.start(undefined, deps.validatorHeapMb);
      const chunk = splitChunk(quads, positions, batch.last, carriedBefore);
      for (const reappearing of [...chunk.records.keys()].filter((iri) => finished.has(iri))) {
        throw await stop(undefined, () => reappeared(reappearing, chunk.firstOf(reappearing), finished.get(reappearing) ?? 0, tally, reader));
      }
      for (const orphan of chunk.orphans) {
        const owner = recordOwner(termKey(CHILD_OWNED_LINKS.has(orphan.quad.predicate.value) ? orphan.quad.object : orphan.quad.subject), (iri) => finished.has(iri));
        if (owner !== undefined) throw await stop(undefined, () => reappeared(owner, orphan.position, finished.get(owner) ?? 0, tally, reader));
      }
      try {
        const prepared = await prepareChunk(chunk, deps.service, deps.store, parallel, pending, flush);
        await flush();
        pending = prepared;
        // Validating in this thread overlaps nothing: commit at once.
        if (parallel === undefined) await flush();
      } catch (error) {
        throw await stop(error);
      }
      for (const [iri, last] of chunk.lastOf) finished.set(detached(iri), last);
      carriedBefore.clear();
      for (const q of chunk.carry.quads) carriedBefore.add(q);
      carry = chunk.carry;
      report();
      if (batch.last && carry.quads.length === 0) break;
    }
    try {
      await flush();
    } catch (error) {
      throw stopped(error, tally, reader);
    }
    report();
  } finally {
    await parallel?.close();
  }
  return {
    files: files.length,
    records: tally.records,
    triples: tally.triples,
    skippedExisting: tally.skippedExisting,
    rejected: tally.rejected,
    orphans: tally.orphans,
  };
}

/** One chunk split into the records to commit now and what moves on to the next chunk. */
interface SplitChunk {
  readonly records: Map<string, { quads: Quad[] }>;
  readonly orphans: { quad: Quad; position: QuadPosition }[];
  readonly lastOf: Map<string, QuadPosition>;
  readonly firstOf: (iri: string) => QuadPosition;
  readonly carry: { quads: Quad[]; positions: QuadPosition[] };
  /** Everything before this position is settled by this chunk; nothing from it on is. */
  readonly frontier: QuadPosition;
}

/**
 * Splits a chunk into records (partitionRecords, as prepareBulk does) and finds its frontier:
 * the first position of the record still open at the end of the chunk (or of triples that belong
 * to no record yet, the first time they are seen). Every record with a triple at or after the
 * frontier moves on whole, so what is committed is exactly a prefix of the input.
 */
function splitChunk(quads: Quad[], positions: QuadPosition[], last: boolean, carriedBefore: ReadonlySet<Quad>): SplitChunk {
  const positionOf = new Map<Quad, QuadPosition>();
  quads.forEach((q, i) => positionOf.set(q, positions[i] ?? 0));
  const { records, orphans } = partitionRecords(quads);
  const span = new Map<string, { first: QuadPosition; last: QuadPosition }>();
  const ownerOf = new Map<Quad, string>();
  for (const [iri, record] of records) {
    let first = Infinity;
    let lastPosition = -1;
    for (const q of record.quads) {
      const p = positionOf.get(q) ?? 0;
      first = Math.min(first, p);
      lastPosition = Math.max(lastPosition, p);
      ownerOf.set(q, iri);
    }
    span.set(iri, { first, last: lastPosition });
  }
  const end = (positions[positions.length - 1] ?? 0) + 1;
  let frontier = end;
  if (!last) {
    const tail = quads[quads.length - 1];
    const open = tail === undefined ? undefined : ownerOf.get(tail);
    if (open !== undefined) frontier = Math.min(frontier, span.get(open)?.first ?? frontier);
    for (const q of orphans) if (!carriedBefore.has(q)) frontier = Math.min(frontier, positionOf.get(q) ?? frontier);
    // A record reaching past the frontier moves on whole, which may move the frontier back.
    for (let moved = true; moved;) {
      moved = false;
      for (const { first, last: lastPosition } of span.values()) {
        if (lastPosition >= frontier && first < frontier) {
          frontier = first;
          moved = true;
        }
      }
    }
  }
  const carry: { quads: Quad[]; positions: QuadPosition[] } = { quads: [], positions: [] };
  quads.forEach((q, i) => {
    const p = positions[i] ?? 0;
    if (p >= frontier) {
      carry.quads.push(q);
      carry.positions.push(p);
    }
  });
  const now = new Map<string, { quads: Quad[] }>();
  const lastOf = new Map<string, QuadPosition>();
  for (const [iri, record] of records) {
    const s = span.get(iri);
    if (s === undefined || s.first >= frontier) continue;
    now.set(iri, record);
    lastOf.set(iri, s.last);
  }
  return {
    records: now,
    orphans: orphans.map((quad) => ({ quad, position: positionOf.get(quad) ?? 0 })).filter((o) => o.position < frontier),
    lastOf,
    firstOf: (iri) => span.get(iri)?.first ?? 0,
    carry,
    frontier: last && carry.quads.length === 0 ? end : frontier,
  };
}

/**
 * A chunk's triples as N-Triples for a validation worker: one line per triple, in input order.
 * Not canonical (unsorted, duplicates kept): the worker parses it into a set, and sorting every
 * chunk cost the loader's thread a tenth of a load.
 */
function workerNTriples(quads: readonly Quad[]): string {
  const writer = new N3.Writer({ format: 'N-Triples' });
  let text = '';
  for (const q of quads) text += writer.quadToString(q.subject, q.predicate, q.object);
  return text;
}

/** A chunk validated, its valid new records ready to commit. */
interface PreparedChunk {
  readonly chunk: SplitChunk;
  readonly writes: RecordWrite[];
  readonly rejected: { iri: string; issues: readonly ValidationIssue[] }[];
  readonly orphans: number;
  readonly skippedExisting: number;
}

/**
 * Validates a chunk's new records. On worker threads, the previous chunk (`previous`, its records'
 * types given to the validation as if stored) is committed by `flush` as soon as the first part of
 * this chunk is sent to the workers, so the store's writes and the validation overlap; records are
 * still checked against the store (ownership, enclosing records) only after that commit.
 */
async function prepareChunk(
  chunk: SplitChunk,
  service: RecordService,
  store: RecordStore,
  parallel: ParallelValidator | undefined,
  previous: PreparedChunk | undefined,
  flush: () => Promise<void>,
): Promise<PreparedChunk> {
  const quads: Quad[] = [];
  let skippedExisting = 0;
  for (const [iri, record] of chunk.records) {
    // Already stored (an earlier load, or the committed part of a killed one): skipped, never overwritten.
    if ((await store.meta(iri)) !== undefined) skippedExisting += 1;
    else for (const q of record.quads) quads.push(q);
  }
  if (quads.length === 0) return { chunk, writes: [], rejected: [], orphans: 0, skippedExisting };
  const pendingTypes = new Map<string, readonly string[]>();
  for (const write of previous?.writes ?? []) for (const [subject, types] of write.types) pendingTypes.set(subject, types);
  const { writes, rejected, orphans } = await service.prepareBulk(quads, parallel === undefined ? {} : {
    concurrency: availableParallelism(),
    pendingTypes,
    validateChunk: async (data: readonly Quad[], roots: readonly string[]) => {
      const issues = parallel.validate(workerNTriples(data), roots);
      // Handled below; a failure while the commit runs must not count as unhandled.
      issues.catch(() => undefined);
      await flush();
      return issues;
    },
  });
  return { chunk, writes, rejected, orphans: orphans.length, skippedExisting };
}

/** Commits a validated chunk's records in one transaction and counts it as settled. */
async function commitChunk(prepared: PreparedChunk, store: RecordStore, tally: Tally): Promise<void> {
  const { chunk, writes } = prepared;
  if (writes.length > 0) await store.createMany(writes);
  tally.records += writes.length;
  tally.triples += writes.reduce((n, w) => n + w.triples, 0);
  tally.skippedExisting += prepared.skippedExisting;
  tally.rejected.push(...prepared.rejected);
  tally.orphans += prepared.orphans + chunk.orphans.length;
  tally.settled = chunk.frontier;
}

/** What the committed prefix of the load is, in words. */
function committedSoFar(tally: Tally, reader: QuadReader): string {
  const done = `Committed ${count(tally.records)} records (${count(tally.triples)} triples)`;
  if (tally.settled === 0) return `${done}; nothing was stored`;
  const { file, line } = reader.where(tally.settled);
  const before = line <= 1 ? `everything before ${file}` : `from lines 1–${count(line - 1)} of ${file}${file === reader.where(0).file ? '' : ' and the files before it'}`;
  return `${done} ${before}; nothing after`;
}

function reappeared(iri: string, here: QuadPosition, before: QuadPosition, tally: Tally, reader: QuadReader): PhdError {
  const now = reader.where(here);
  const then = reader.where(before);
  return new PhdError(2, 'record-split',
    `${now.file} line ${count(now.line)}: triples of the record ${iri} appear again after the record was complete (its triples ended at ${then.file} line ${count(then.line)}); ` +
    `a record's triples must lie together in the input. ${committedSoFar(tally, reader)}.`);
}

function stopped(error: unknown, tally: Tally, reader: QuadReader): PhdError {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: unknown }).code === 'SQLITE_FULL') {
    return new PhdError(2, 'store-full', `The store is full (SQLITE_FULL: ${message}); the load stopped. ${committedSoFar(tally, reader)}. Free space (or raise the store's size limit) and run the same load again: it continues.`);
  }
  if (PhdError.isInstance(error)) return new PhdError(error.status, error.code, `${message.replace(/\.$/, '')}. ${committedSoFar(tally, reader)}.`, { details: error.details });
  return new PhdError(2, 'load-failed', `The load stopped: ${message}. ${committedSoFar(tally, reader)}.`);
}
