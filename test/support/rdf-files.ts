import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Quad } from 'n3';
import { parseRdf } from '../../src/rdf/parse-rdf.js';
import { formatFromPath } from '../../src/rdf/rdf-format.js';
import { DATA_DIR, PACKAGE_ROOT } from '../../src/validation/model-files.js';

export const FIXTURES = join(PACKAGE_ROOT, 'test/fixtures');

/**
 * Parses every RDF file of a directory.
 * @param dir - directory.
 * @returns the quads.
 */
export async function readRdfDir(dir: string): Promise<Quad[]> {
  const quads: Quad[] = [];
  for (const name of readdirSync(dir).sort()) {
    const format = formatFromPath(name);
    if (format === undefined || name.endsWith('.json')) continue;
    quads.push(...(await parseRdf(readFileSync(join(dir, name), 'utf8'), format, { source: name })));
  }
  return quads;
}

/** The sample graph in data/. */
export function sampleData(): Promise<Quad[]> {
  return readRdfDir(DATA_DIR);
}
