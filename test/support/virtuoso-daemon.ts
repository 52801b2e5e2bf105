/**
 * Starts a detached Virtuoso for a test store and prints `{"endpoint","pid","dir"}` on stdout
 * (run by {@link storeEnvFor}, which needs it synchronously). The process outlives this script;
 * the test run's global teardown stops it (see test-store.ts).
 */
import { startVirtuoso } from './virtuoso.js';

const started = await startVirtuoso(60_000, { detached: true });
process.stdout.write(`${JSON.stringify({ endpoint: started.endpoint, pid: started.pid, dir: started.dir })}\n`);
