import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './rdf-files.js';

/** A Micro-Meta App microscope file as the tests change it. */
export type MicrometaFile = { ID: string; Tier: number; components: Record<string, unknown>[] } & Record<string, unknown>;

/**
 * @param name - a file of test/fixtures/micrometa (real Micro-Meta App files).
 * @returns the file, parsed.
 */
export function micrometaFixture(name: string): MicrometaFile {
  return JSON.parse(readFileSync(join(FIXTURES, 'micrometa', name), 'utf8')) as MicrometaFile;
}

/**
 * The IGC Macred microscope (tier 1, stored in data/ as version 1) after a hardware change: its
 * 10x objective replaced by a 20x/0.5 named `name`. With `broken`, the new objective has no
 * magnification, which tier 1 requires: the file for the "fix a validation error" step.
 * @param options - the objective's name, and whether to leave out its magnification.
 * @returns the changed file.
 */
export function upgradedMacred(options: { name?: string; broken?: boolean } = {}): MicrometaFile {
  const file = micrometaFixture('IGC_Macred.json');
  const objective = file.components.find((c) => c.Schema_ID === 'Objective.json' && c.Name === '10x');
  if (objective === undefined) throw new Error('fixture changed: no 10x objective');
  Object.assign(objective, { Name: options.name ?? '20x', Magnification: 20, LensNA: 0.5, Model: 'EC Plan-Neofluar 20x/0.50 M27' });
  if (options.broken === true) delete objective.Magnification;
  return file;
}
