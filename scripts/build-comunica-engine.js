/**
 * Compiles the federation's Comunica configuration (src/federation/comunica/in-memory.json) into
 * dist/federation/comunica-in-memory.cjs with Comunica's own compiler (`comunica-compile-config`).
 * Part of `npm run build`. The file is written whole or not at all: the compiler's output goes to
 * a temporary file that is renamed once the compiler has succeeded and exported a function.
 * Usage: node scripts/build-comunica-engine.js [output file]   (default: the build's)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const target = resolve(process.argv[2] ?? join(root, 'dist/federation/comunica-in-memory.cjs'));
const temporary = `${target}.${process.pid}.tmp.cjs`;
const require = createRequire(import.meta.url);
const compiler = require.resolve('@comunica/runner/bin/compile-config.js');

// The compiler resolves the configuration's modules from the working directory: run it at the root.
const run = spawnSync(process.execPath, [compiler, 'src/federation/comunica/in-memory.json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (run.status !== 0) {
  process.stderr.write(`comunica-compile-config failed (exit ${String(run.status)}):\n${run.stderr}`);
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(temporary, run.stdout);
if (typeof require(temporary) !== 'function') {
  rmSync(temporary, { force: true });
  process.stderr.write(`comunica-compile-config wrote no engine (${run.stdout.length} bytes).\n`);
  process.exit(1);
}
renameSync(temporary, target);
