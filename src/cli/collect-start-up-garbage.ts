import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Runs one full garbage collection of the main thread, once start-up (and seeding) is done.
 * Why: an idle service allocates almost nothing, so V8 keeps start-up's garbage (the parsed
 * ontology behind the NBO-Q mapping, seeding's validation and N-Triples text) in the heap for a
 * minute or more; measured on the sample this collection brings the idle resident memory down
 * by the size of that garbage (see test/integration/validator-memory.test.ts). `gc` is exposed
 * in a fresh context only, so no other code of the process sees it. (Capping the young generation
 * here too, `--max-semi-space-size` at run time, gave another ~70 MB idle, but Node documents flags
 * changed after start as unpredictable, and a server exited during start-up in a CI run with it:
 * left out until it can be set where V8 reads it, at process start.)
 */
export function collectStartUpGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
