import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import N3 from 'n3';
import type { Quad } from 'n3';
import { SCHEMA_SQL } from '../../src/store/sqlite-schema.js';
import { sampleData } from './rdf-files.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** A record as the SQLite store keeps it. */
export interface TestRecord {
  readonly iri: string;
  readonly kind: string;
  readonly ntriples: string;
}

/**
 * The record a sample triple belongs to, as the store splits records: components and their parts
 * belong to their configuration, and the link triples `phd:operates` / `phd:hasConfiguration`
 * belong to the child they point at.
 */
function recordOf(quad: Quad): string {
  if (quad.predicate.value === `${PHD}operates` || quad.predicate.value === `${PHD}hasConfiguration`) return quad.object.value;
  const subject = quad.subject.value;
  const at = subject.indexOf('/component/');
  return at === -1 ? subject : subject.slice(0, at);
}

/**
 * Splits quads into records with canonical N-Triples.
 * @param quads - the triples.
 * @returns one record per record IRI.
 */
export function splitIntoRecords(quads: readonly Quad[]): TestRecord[] {
  const byRecord = new Map<string, Quad[]>();
  for (const quad of quads) {
    const iri = recordOf(quad);
    const list = byRecord.get(iri) ?? [];
    list.push(quad);
    byRecord.set(iri, list);
  }
  const writer = new N3.Writer({ format: 'N-Triples' });
  return [...byRecord].map(([iri, list]) => {
    const type = list.find((q) => q.subject.value === iri && q.predicate.value === RDF_TYPE && q.object.value.startsWith(PHD))?.object.value;
    const lines = [...new Set(list.map((q) => writer.quadToString(q.subject, q.predicate, q.object).trimEnd()))].sort();
    return { iri, kind: type === undefined ? 'other' : type.slice(PHD.length), ntriples: lines.map((l) => `${l}\n`).join('') };
  });
}

/**
 * Writes records into a record-store database (insert or replace), as the store would.
 * @param path - the SQLite file (created with the schema if needed).
 * @param records - the records.
 */
export function writeRecords(path: string, records: readonly TestRecord[]): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA_SQL);
    const now = new Date().toISOString();
    const insert = db.prepare(`INSERT OR REPLACE INTO records(iri, kind, ntriples, triples, etag, version, facility, created_by, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, 1, NULL, 'test', ?, ?, NULL)`);
    db.transaction(() => {
      for (const r of records) insert.run(r.iri, r.kind, r.ntriples, r.ntriples.split('\n').length - 1, `"${r.iri.length}"`, now, now);
    })();
  } finally {
    db.close();
  }
}

/** A temporary database holding the sample graph of data/, one record per record IRI. */
export interface SampleDatabase {
  readonly dir: string;
  readonly path: string;
  readonly records: readonly TestRecord[];
  readonly remove: () => void;
}

/**
 * Creates a temporary record-store database with the sample data.
 * @param extra - more records to write (e.g. a large generated graph).
 * @returns the database and a function removing it.
 */
export async function createSampleDatabase(extra: readonly TestRecord[] = []): Promise<SampleDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'phd-query-'));
  const path = join(dir, 'phd.sqlite');
  const records = splitIntoRecords(await sampleData());
  writeRecords(path, [...records, ...extra]);
  return { dir, path, records, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
