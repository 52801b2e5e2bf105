import N3 from 'n3';
import type { Quad } from 'n3';
import { PHD } from '../domain/vocabulary.js';
import type { RecordStore } from '../store/record-store.js';

/** One stored configuration version of an instrument instance. */
export interface ConfigurationVersion {
  readonly iri: string;
  readonly quads: Quad[];
  /** `phd:validFrom`, YYYY-MM-DD. */
  readonly validFrom: string;
  readonly versionNumber: number;
}

/**
 * The live configuration versions of an instance, oldest first (by validFrom, then version number).
 * @param store - the record store.
 * @param instance - the instance IRI.
 * @returns the versions with their graphs.
 */
export async function configurationVersions(store: RecordStore, instance: string): Promise<ConfigurationVersion[]> {
  const versions: ConfigurationVersion[] = [];
  for (const link of await store.links({ subject: instance, predicate: PHD.hasConfiguration })) {
    const record = await store.get(link.object);
    if (record === undefined || record.deletedAt !== undefined) continue;
    const quads = new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
    const value = (predicate: string) => quads.find((q) => q.subject.value === record.iri && q.predicate.value === predicate)?.object.value;
    versions.push({ iri: record.iri, quads, validFrom: value(PHD.validFrom) ?? '', versionNumber: Number(value(PHD.versionNumber) ?? 1) });
  }
  return versions.sort((a, b) => a.validFrom.localeCompare(b.validFrom) || a.versionNumber - b.versionNumber);
}

/**
 * The version in effect on a day: the last one valid from that day or before (validUntil is the
 * next version's validFrom, DESIGN §1).
 * @param versions - versions, oldest first.
 * @param date - YYYY-MM-DD.
 * @returns the version, or undefined when the first version is later.
 */
export function versionInEffect(versions: readonly ConfigurationVersion[], date: string): ConfigurationVersion | undefined {
  return versions.filter((v) => v.validFrom <= date).at(-1);
}
