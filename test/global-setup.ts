import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopTestStores } from './support/test-store.js';

/**
 * The CLI tests run the compiled command, and the federation loads the Comunica engine the build
 * compiles (see src/federation/in-memory-engine.ts), so build once before the suite. The external test
 * stores (one Virtuoso per data directory, see support/test-store.ts) are stopped at the end,
 * and any left by an interrupted run are stopped first.
 * @returns the teardown.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  await stopTestStores();
  return stopTestStores;
}
