import N3 from 'n3';
import { SCHEMA } from '../domain/index.js';
import type { RecordStore } from '../store/index.js';

/** A facility registered here, with the name its record gives it. */
export interface FacilityName {
  readonly iri: string;
  readonly name: string;
}

/**
 * The name a record gives its own node (`schema:name`), or its IRI when it has none.
 * @param iri - the record.
 * @param ntriples - its graph.
 * @returns the name.
 */
function nameIn(iri: string, ntriples: string): string {
  const named = new N3.Parser({ format: 'N-Triples' }).parse(ntriples).find((q) => q.subject.value === iri && q.predicate.value === SCHEMA.name);
  return named?.object.value ?? iri;
}

/**
 * The facilities registered here (live facility records), by name.
 * @param store - the record store.
 * @returns each facility's IRI and name, sorted by name.
 */
export async function facilityNames(store: Pick<RecordStore, 'list' | 'get'>): Promise<FacilityName[]> {
  const facilities: FacilityName[] = [];
  for (const meta of await store.list('facility')) {
    const record = await store.get(meta.iri);
    if (record !== undefined) facilities.push({ iri: meta.iri, name: nameIn(meta.iri, record.ntriples) });
  }
  return facilities.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The name of one facility, for a team page.
 * @param store - the record store.
 * @param iri - the facility IRI.
 * @returns its name and whether it is registered (a live facility record); the IRI as name when not.
 */
export async function facilityName(store: Pick<RecordStore, 'get'>, iri: string): Promise<FacilityName & { readonly registered: boolean }> {
  const record = await store.get(iri);
  const registered = record !== undefined && record.deletedAt === undefined && record.kind === 'facility';
  return { iri, name: registered ? nameIn(iri, record.ntriples) : iri, registered };
}
