import N3 from 'n3';
import type { Quad } from 'n3';
import { ConfigurationTimeline } from '../domain/index.js';
import type { ConfigurationVersion } from '../domain/index.js';
import { PHD } from '../domain/index.js';
import { NotFoundError, UnprocessableError } from '../errors/index.js';
import { recordIri } from '../pid/index.js';
import type { RecordStore, StoredRecord } from '../store/index.js';

/**
 * A configuration version as importers compare it: with its graph, and with the date and number an
 * importer writes always present (a stored version missing them counts as undated, version 1).
 */
export interface StoredConfigurationVersion extends ConfigurationVersion {
  readonly quads: Quad[];
  /** `phd:validFrom`, YYYY-MM-DD ('' when the record states none). */
  readonly validFrom: string;
  readonly versionNumber: number;
}

/**
 * The live configuration versions of an instance, oldest first ({@link ConfigurationTimeline} order).
 * @param store - the record store.
 * @param instance - the instance IRI.
 * @returns the versions with their graphs.
 */
export async function configurationVersions(store: RecordStore, instance: string): Promise<StoredConfigurationVersion[]> {
  const versions: StoredConfigurationVersion[] = [];
  for (const link of await store.links({ subject: instance, predicate: PHD.hasConfiguration })) {
    const record = await store.get(link.object);
    if (record === undefined || record.deletedAt !== undefined) continue;
    const quads = new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
    const value = (predicate: string) => quads.find((q) => q.subject.value === record.iri && q.predicate.value === predicate)?.object.value;
    versions.push({ iri: record.iri, quads, validFrom: value(PHD.validFrom) ?? '', versionNumber: Number(value(PHD.versionNumber) ?? 1) });
  }
  return [...new ConfigurationTimeline(versions).versions];
}

/**
 * The live instrument instance an import names, in any form a user writes it (a PID, or
 * `instance/{id}` for an IRI minted here).
 * @param store - the record store.
 * @param name - what the user gave (--instance, ?instance=).
 * @param baseUrl - PHD_BASE_URL.
 * @returns the instance's record.
 * @throws NotFoundError when it is not registered (or withdrawn), UnprocessableError when it is another kind of record.
 */
export async function registeredInstance(store: RecordStore, name: string, baseUrl: string): Promise<StoredRecord> {
  const iri = recordIri(name, baseUrl);
  const record = await store.get(iri);
  if (record === undefined || record.deletedAt !== undefined) {
    throw new NotFoundError(`${name}: no instrument instance ${iri} is registered${record === undefined ? '' : ' (it was withdrawn)'}. Register it first (POST /records), then import.`);
  }
  if (record.kind !== 'instance') throw new UnprocessableError(`${name} is a ${record.kind} record, not an instrument instance.`, { code: 'not-an-instance' });
  return record;
}
