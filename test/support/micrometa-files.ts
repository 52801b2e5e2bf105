import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './rdf-files.js';

/** One real Micro-Meta App microscope file. */
export interface MicrometaFileRef {
  /** A short name for test titles. */
  readonly name: string;
  readonly path: string;
}

/**
 * Every real Micro-Meta App microscope file the tests hold: test/fixtures/micrometa/*.json, plus
 * the *.json files of each directory named in `PHD_TEST_MICROMETA_DIRS` (separated by the
 * platform's path delimiter), so that an acceptance run can add files the repository does not hold.
 * @returns the files, fixtures first.
 */
export function micrometaFiles(): MicrometaFileRef[] {
  const dirs = [join(FIXTURES, 'micrometa'), ...(process.env.PHD_TEST_MICROMETA_DIRS ?? '').split(process.platform === 'win32' ? ';' : ':').filter((d) => d !== '')];
  return dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ name: dir === dirs[0] ? f : join(dir, f), path: join(dir, f) })));
}
