import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Runs one full garbage collection of the main thread, once start-up (and seeding) is done.
 * Why: an idle service allocates almost nothing, so V8 keeps start-up's garbage (the parsed
 * ontology behind the NBO-Q mapping, seeding's validation and N-Triples text) in the heap for a
 * minute or more; measured on the sample this collection brings the idle resident memory down
 * by the size of that garbage (see test/integration/validator-memory.test.ts). `gc` is exposed
 * in a fresh context only, so no other code of the process sees it. The young generation is capped
 * at 2 MB a semi-space from then on (V8's default lets it grow to 16 MB, 32 MB resident for two):
 * an idle or lightly used service gives that back (~280 → ~210 MB idle on the sample, measured),
 * at the price of more frequent, cheap scavenges under heavy load.
 */
export function collectStartUpGarbage(): void {
  setFlagsFromString('--expose-gc');
  setFlagsFromString('--max-semi-space-size=2');
  (runInNewContext('gc') as () => void)();
}
