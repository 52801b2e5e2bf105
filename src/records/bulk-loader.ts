import { readFile, readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { canonicalNTriples } from '../domain/index.js';
import { PhdError } from '../errors/index.js';
import { formatFromPath } from '../rdf/index.js';
import type { RecordStore } from '../store/index.js';
import { ParallelValidator } from '../validation/index.js';
import type { ValidationIssue } from '../validation/index.js';
import type { RecordService } from './record-service.js';

/** The placeholder base of the sample data, rebased to PHD_BASE_URL when seeding. */
export const SAMPLE_BASE = 'https://imaging-phd.example';

/** Progress of a bulk load, reported as it goes. */
export interface LoadProgress {
  readonly phase: 'parse' | 'validate' | 'write';
  readonly done: number;
  readonly total: number;
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
  return filesUnder(paths, (name) => formatFromPath(name) !== undefined && !name.endsWith('.json'));
}

function rebase(quads: Quad[], from: string, to: string): Quad[] {
  if (from === to) return quads;
  const { namedNode, quad } = N3.DataFactory;
  const map = <T extends Quad['subject'] | Quad['object']>(term: T): T =>
    (term.termType === 'NamedNode' && term.value.startsWith(`${from}/`) ? namedNode(`${to}${term.value.slice(from.length)}`) : term) as T;
  return quads.map((q) => quad(map(q.subject), q.predicate, map(q.object)));
}

/**
 * Loads records from files into the store: parse all, split into records, validate (each
 * configuration at its tier), and write the valid ones in one transaction. Records already in the
 * store are skipped, never overwritten. Invalid records are reported and not written.
 *
 * @param paths - files or directories.
 * @param deps - service, store, where to report progress, and an optional base to rebase.
 * @returns the summary.
 */
export async function bulkLoad(
  paths: readonly string[],
  deps: { service: RecordService; store: RecordStore; progress?: (p: LoadProgress) => void; rebaseTo?: string },
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
  deps: { service: RecordService; store: RecordStore; progress?: (p: LoadProgress) => void; rebaseTo?: string },
): Promise<LoadSummary> {
  const files = await rdfFiles(paths);
  let quads: Quad[] = [];
  for (const [index, file] of files.entries()) {
    const format = formatFromPath(file);
    if (format === undefined) throw new PhdError(2, 'unknown-file-type', `${file}: unknown file type (use .ttl, .trig, .nt, .nq or .jsonld)`);
    for (const q of await deps.service.parse(await readFile(file, 'utf8'), format, { source: file })) quads.push(q);
    deps.progress?.({ phase: 'parse', done: index + 1, total: files.length });
  }
  if (deps.rebaseTo !== undefined) quads = rebase(quads, SAMPLE_BASE, deps.rebaseTo);
  // Large loads validate on worker threads, one per core.
  const parallel = quads.length > 20_000 && availableParallelism() > 1 ? ParallelValidator.start() : undefined;
  let prepared;
  try {
    prepared = await deps.service.prepareBulk(quads, {
      progress: (done, total) => deps.progress?.({ phase: 'validate', done, total }),
      ...(parallel === undefined ? {} : {
        concurrency: availableParallelism(),
        validateChunk: (data: readonly Quad[], roots: readonly string[]) => parallel.validate(canonicalNTriples(data), roots),
      }),
    });
  } finally {
    await parallel?.close();
  }
  const { writes, rejected, orphans } = prepared;
  const fresh = [];
  for (const write of writes) if ((await deps.store.meta(write.iri)) === undefined) fresh.push(write);
  const batch = 500;
  for (let i = 0; i < fresh.length; i += batch) {
    await deps.store.createMany(fresh.slice(i, i + batch));
    deps.progress?.({ phase: 'write', done: Math.min(i + batch, fresh.length), total: fresh.length });
  }
  return {
    files: files.length,
    records: fresh.length,
    triples: fresh.reduce((n, w) => n + w.triples, 0),
    skippedExisting: writes.length - fresh.length,
    rejected,
    orphans: orphans.length,
  };
}
