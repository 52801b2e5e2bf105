import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopTestStores } from './support/test-store.js';

/**
 * The CLI tests run the compiled command, so build it once before the suite. The external test
 * stores (one Virtuoso per data directory, see support/test-store.ts) are stopped at the end,
 * and any left by an interrupted run are stopped first.
 * @returns the teardown.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  await stopTestStores();
  return stopTestStores;
}
