import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { QueryEngine } from '@comunica/query-sparql';
import { PACKAGE_ROOT } from '../validation/model-files.js';

/**
 * Where the build writes the Comunica engine for in-memory sources: `comunica-compile-config` over
 * `src/federation/comunica/in-memory.json` (see the `build` script of package.json).
 */
export const IN_MEMORY_ENGINE_FILE = join(PACKAGE_ROOT, 'dist/federation/comunica-in-memory.cjs');

/** What a compiled Comunica configuration exports: a function returning its init actor. */
type CompiledEngine = () => ConstructorParameters<typeof QueryEngine>[0];

/**
 * A Comunica SPARQL engine for queries over an in-memory store (the triples a federated query
 * shipped): the default configuration of `@comunica/query-sparql` without its bind joins
 * (`inner-multi-bind`, `inner-multi-bind-source`, `optional-bind`).
 *
 * A bind join sends one sub-query per binding of its left side through Comunica's whole
 * operation pipeline. Over remote endpoints that saves transfers; over an in-memory index it is
 * pure overhead, and hash joins do the same work several times faster (federated Q2 over 234
 * shipped triples: 11.5 → 3.6 ms). Link-by-link federation keeps the default engine.
 * @param file - the compiled configuration (the build's, unless a test compiles its own).
 * @returns the engine.
 * @throws Error when the build has not compiled the configuration.
 */
export function inMemoryEngine(file = IN_MEMORY_ENGINE_FILE): QueryEngine {
  checkInMemoryEngine(file);
  const compiled = createRequire(import.meta.url)(file) as CompiledEngine;
  return new QueryEngine(compiled());
}

/**
 * Checks that the build has compiled the engine, without creating it (creating it loads every
 * actor, ~0.3 s): a service started without the build fails at start-up, not at its first
 * federated query.
 * @param file - the compiled configuration.
 * @throws Error when it is missing.
 */
export function checkInMemoryEngine(file = IN_MEMORY_ENGINE_FILE): void {
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`npm run build\`, which compiles the federation's Comunica engine.`);
  }
}
