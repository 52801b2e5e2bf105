import N3 from 'n3';
import type { Quad } from 'n3';
import { ConfigurationTimeline, DCTERMS, instrumentStatusOf, PHD, PROV, RDFS, SCHEMA } from '../domain/index.js';
import type { DatedVersion, InstrumentStatusTerm } from '../domain/index.js';
import { NotFoundError, UnprocessableError } from '../errors/index.js';
import { configurationVersions } from '../importers/index.js';
import type { StoredConfigurationVersion } from '../importers/index.js';
import type { PidRegistration } from '../minting/index.js';
import type { RecordStore, StoredRecord } from '../store/index.js';
import type { WorkspaceDeps } from './workspace-deps.js';

/** One configuration version as the instrument page lists it. */
export interface LifeVersion extends DatedVersion<StoredConfigurationVersion> {
  readonly label: string;
  /** The change note (`rdfs:comment`) of the version; undefined for a first version or one imported without. */
  readonly changeNote: string | undefined;
  /** The version it revises, when it states one. */
  readonly revises: string | undefined;
  readonly registration: PidRegistration | undefined;
}

/** Everything the instrument page shows about one instrument instance. */
export interface InstrumentLife {
  readonly record: StoredRecord;
  readonly quads: Quad[];
  readonly name: string;
  readonly serial: string | undefined;
  readonly model: { readonly iri: string; readonly name: string } | undefined;
  readonly facility: { readonly iri: string; readonly name: string } | undefined;
  readonly status: InstrumentStatusTerm | undefined;
  readonly statusSince: string | undefined;
  readonly commissioned: string | undefined;
  readonly decommissioned: string | undefined;
  readonly registration: PidRegistration | undefined;
  /** Oldest first, with their derived validUntil. */
  readonly versions: readonly LifeVersion[];
  /** The version in effect today (undefined when none is yet). */
  readonly inEffect: LifeVersion | undefined;
  /** The latest version (what a new version revises). */
  readonly latest: LifeVersion | undefined;
}

/**
 * The first value of a property of a subject in a graph.
 * @param quads - the graph.
 * @param subject - the subject IRI.
 * @param predicate - the property IRI.
 * @returns the value, or undefined.
 */
export function valueOf(quads: readonly Quad[], subject: string, predicate: string): string | undefined {
  return quads.find((q) => q.subject.value === subject && q.predicate.value === predicate)?.object.value;
}

/** The name of a record, for the page: schema:name, rdfs:label, or its IRI. */
async function nameOf(store: RecordStore, iri: string): Promise<string> {
  const record = await store.get(iri);
  if (record === undefined || record.deletedAt !== undefined) return iri;
  const quads = new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
  return valueOf(quads, iri, SCHEMA.name) ?? valueOf(quads, iri, RDFS.label) ?? iri;
}

/** Today as YYYY-MM-DD (UTC), the date "in effect" is read on. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Reads an instrument instance's life from the store: its facts, status, PIDs and configuration versions.
 * @param deps - the store and minting.
 * @param iri - the instance IRI.
 * @returns what the page shows.
 * @throws NotFoundError when it is not registered (or withdrawn), UnprocessableError when it is another kind of record.
 */
export async function instrumentLife(deps: Pick<WorkspaceDeps, 'store' | 'minting'>, iri: string): Promise<InstrumentLife> {
  const record = await deps.store.get(iri);
  if (record === undefined || record.deletedAt !== undefined) {
    throw new NotFoundError(`No instrument ${iri} is registered here${record === undefined ? '' : ' (it was withdrawn)'}.`);
  }
  if (record.kind !== 'instance') throw new UnprocessableError(`${iri} is a ${record.kind} record, not an instrument instance.`, { code: 'not-an-instance' });
  const quads = new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
  const value = (predicate: string) => valueOf(quads, iri, predicate);
  const modelIri = value(PHD.instanceOf);
  const registrationOf = (pid: string) => deps.minting?.registration(pid) ?? Promise.resolve(undefined);
  const stored = await configurationVersions(deps.store, iri);
  const timeline = new ConfigurationTimeline(stored);
  const versions: LifeVersion[] = [];
  for (const version of timeline.dated()) {
    versions.push({
      ...version,
      label: valueOf(version.quads, version.iri, RDFS.label) ?? version.iri,
      changeNote: valueOf(version.quads, version.iri, RDFS.comment),
      revises: valueOf(version.quads, version.iri, PROV.wasRevisionOf),
      registration: await registrationOf(version.iri),
    });
  }
  const inEffectIri = timeline.inEffectOn(today())?.iri;
  const statusIri = value(PHD.instrumentStatus);
  return {
    record,
    quads,
    name: value(SCHEMA.name) ?? value(RDFS.label) ?? value(DCTERMS.identifier) ?? iri,
    serial: value(PHD.serialNumber),
    model: modelIri === undefined ? undefined : { iri: modelIri, name: await nameOf(deps.store, modelIri) },
    facility: record.facility === undefined ? undefined : { iri: record.facility, name: await nameOf(deps.store, record.facility) },
    status: statusIri === undefined ? undefined : instrumentStatusOf(statusIri),
    statusSince: value(PHD.statusSince),
    commissioned: value(PHD.commissioned),
    decommissioned: value(PHD.decommissioned),
    registration: await registrationOf(iri),
    versions,
    inEffect: versions.find((v) => v.iri === inEffectIri),
    latest: versions.at(-1),
  };
}
