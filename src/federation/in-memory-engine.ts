import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { QueryEngine } from '@comunica/query-sparql';
import { PACKAGE_ROOT } from '../validation/index.js';

/**
 * Where the build writes the Comunica engine for in-memory sources: `comunica-compile-config` over
 * `src/federation/comunica/in-memory.json` (scripts/build-comunica-engine.js, part of `npm run build`).
 */
export const IN_MEMORY_ENGINE_FILE = join(PACKAGE_ROOT, 'dist/federation/comunica-in-memory.cjs');

/** What a compiled Comunica configuration exports: a function returning its init actor. */
type CompiledEngine = () => ConstructorParameters<typeof QueryEngine>[0];

/**
 * Comunica's engine class, imported at the first federated query rather than at start-up: loading
 * `@comunica/query-sparql` adds ~13 MB of heap and ~34 MB resident to a process, which a service
 * that never federates should not carry while idle.
 * @returns the class.
 */
export async function comunicaQueryEngine(): Promise<typeof QueryEngine> {
  const { QueryEngine: Engine } = await import('@comunica/query-sparql');
  return Engine;
}

/**
 * Loads the build's compiled configuration without instantiating it (the module only `require`s
 * the actors inside the function it exports, so this is cheap).
 * @param file - the compiled configuration.
 * @returns the function that creates the engine's actors.
 * @throws Error when the file is missing or exports no function.
 */
function compiledEngine(file: string): CompiledEngine {
  const rebuild = 'run `npm run build`, which compiles the federation\'s Comunica engine';
  if (!existsSync(file)) throw new Error(`${file} is missing: ${rebuild}.`);
  const compiled: unknown = createRequire(import.meta.url)(file);
  if (typeof compiled !== 'function') throw new Error(`${file} holds no compiled Comunica engine: ${rebuild}.`);
  return compiled as CompiledEngine;
}

/**
 * A Comunica SPARQL engine for queries over an in-memory store (the triples a federated query
 * shipped): the default configuration of `@comunica/query-sparql` without its bind joins
 * (`inner-multi-bind`, `inner-multi-bind-source`, `optional-bind`).
 *
 * A bind join sends one sub-query per binding of its left side through Comunica's whole
 * operation pipeline. Over remote endpoints that saves transfers; over an in-memory index it is
 * pure overhead, and hash joins do the same work several times faster (federated Q2 over 234
 * shipped triples: 11.5 → 3.6 ms). Link-by-link federation keeps the default engine.
 *
 * Creating it loads every actor (~0.3 s): make it once, when first needed.
 * @param file - the compiled configuration (the build's, unless a test compiles its own).
 * @returns the engine.
 * @throws Error when the build has not compiled the configuration.
 */
export async function inMemoryEngine(file = IN_MEMORY_ENGINE_FILE): Promise<QueryEngine> {
  const compiled = compiledEngine(file);
  return new (await comunicaQueryEngine())(compiled());
}

/**
 * Checks that the build has compiled the engine, without creating it: a service started without
 * the build fails at start-up, not at its first federated query.
 * @param file - the compiled configuration.
 * @throws Error when it is missing or holds no engine.
 */
export function checkInMemoryEngine(file = IN_MEMORY_ENGINE_FILE): void {
  compiledEngine(file);
}
