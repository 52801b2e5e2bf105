/**
 * Virtuoso loaded by its own bulk loader (`ld_dir` + `rdf_loader_run`), for the store benchmark's
 * "Virtuoso's own endpoint on the same data" column: the service is not involved, so loading 10M
 * triples takes minutes rather than the hours of one Graph Store request per record.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startVirtuoso } from '../support/virtuoso.js';
import type { VirtuosoProcess } from '../support/virtuoso.js';

/** A Virtuoso holding the benchmark's data. */
export interface LoadedVirtuoso {
  readonly virtuoso: VirtuosoProcess;
  /** Wall time of `rdf_loader_run` and the checkpoint after it. */
  readonly loadSeconds: number;
  /** Triples in the store afterwards, as its endpoint counts them. */
  readonly triples: number;
}

/** Runs SQL through isql with no time limit (a bulk load of 10M triples takes minutes); returns its output. */
function isql(sqlPort: number, sql: string): string {
  const result = spawnSync('/usr/bin/isql-vt', [String(sqlPort), 'dba', 'dba', `exec=${sql}`], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0 || /\*\*\* Error/.test(result.stdout)) throw new Error(`isql failed on ${sql}: ${result.stdout.slice(-800)} ${result.stderr}`);
  return result.stdout;
}

/**
 * Starts a throw-away Virtuoso and bulk-loads files into one graph (Virtuoso's endpoint queries
 * the union of its graphs, as the service's default graph is the union of its records).
 * @param files - N-Triples files (`.nt` or `.nt.gz`).
 * @param buffers - Virtuoso's page buffers (8 kB each).
 * @returns the running Virtuoso (stop it), the load time and the triples loaded.
 */
export async function loadVirtuoso(files: readonly string[], buffers: number): Promise<LoadedVirtuoso> {
  const virtuoso = await startVirtuoso(120_000, { buffers });
  try {
    // ld_dir reads only DirsAllowed, which includes Virtuoso's own directory ".".
    for (const file of files) {
      try {
        linkSync(file, join(virtuoso.dir, basename(file)));
      } catch {
        copyFileSync(file, join(virtuoso.dir, basename(file)));
      }
    }
    const t = performance.now();
    isql(virtuoso.sqlPort, `${files.map((f) => `ld_dir('.', '${basename(f)}', 'https://bench.example/graph');`).join(' ')} rdf_loader_run(); checkpoint;`);
    const loadSeconds = (performance.now() - t) / 1000;
    const errors = isql(virtuoso.sqlPort, 'SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;');
    if (/\.nt/.test(errors.split('\n').filter((l) => !/SELECT/.test(l)).join('\n'))) throw new Error(`Virtuoso's bulk load failed:\n${errors}`);
    const res = await fetch(`${virtuoso.endpoint}?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) FROM <https://bench.example/graph> WHERE { ?s ?p ?o }')}`, { headers: { accept: 'application/sparql-results+json' } });
    const count = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
    return { virtuoso, loadSeconds, triples: Number(count.results.bindings[0]?.n.value ?? 0) };
  } catch (error) {
    await virtuoso.stop();
    throw error;
  }
}
