import type { CitationFacts, CitedPerson, CitedRecord } from './citation-facts.js';
import type { CslDate, CslItem, CslName, CslType } from './csl-item.js';
import { citedUrl, hardwareRelations } from './hardware-relations.js';

/** What a citation says each citable kind is: its CSL type and genre (the DataCite export's resourceType for hardware). */
const KIND_TYPES = {
  dataset: { type: 'dataset', genre: undefined },
  configuration: { type: 'document', genre: 'Microscope hardware configuration' },
  instance: { type: 'document', genre: 'Microscope' },
  model: { type: 'document', genre: 'Microscope model' },
  facility: { type: 'document', genre: 'Core facility' },
  publication: { type: 'article-journal', genre: undefined },
} as const satisfies Readonly<Record<string, { type: CslType; genre: string | undefined }>>;

/** The record kinds a citation describes; organizations and people are cited by name, not as works. */
export type CitableKind = keyof typeof KIND_TYPES;

/** The record kinds that have a citation, in the order of the chain. */
export const CITABLE_KINDS: readonly CitableKind[] = Object.keys(KIND_TYPES) as CitableKind[];

/**
 * Whether records of a kind have a citation.
 * @param kind - a record kind.
 * @returns true for facilities, models, instances, configurations, datasets and publications.
 */
export function isCitable(kind: string): kind is CitableKind {
  return (CITABLE_KINDS as readonly string[]).includes(kind);
}

/** Options of {@link cslItemsOf}. */
export interface CslItemOptions {
  /** PHD_BASE_URL: landing pages of records without a PID, and this service as the last-resort publisher. */
  readonly baseUrl: string;
}

/** A date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD…` (a dateTime too) as CSL date parts. */
function cslDate(text: string | undefined): CslDate | undefined {
  const match = text === undefined ? null : /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(text);
  if (match === null) return undefined;
  const parts = [match[1], match[2], match[3]].filter((p): p is string => p !== undefined).map(Number);
  return { 'date-parts': [parts] };
}

/** A person as a CSL name: family and given when the record splits the name, else the name as written. */
function personName(person: CitedPerson): CslName {
  return person.familyName !== undefined && person.givenName !== undefined
    ? { family: person.familyName, given: person.givenName }
    : { literal: person.name };
}

/** An institution as a CSL name (never inverted or abbreviated by a style). */
function institution(record: CitedRecord): CslName {
  return { literal: record.name };
}

/** The service as publisher, for a record whose chain names no facility or organization. */
function serviceName(baseUrl: string): string {
  try {
    return `imaging-phd (${new URL(baseUrl).host})`;
  } catch {
    return 'imaging-phd';
  }
}

/** "Contact: Josiah Carberry (ORCID 0000-0002-1825-0097)" for the people named with their ORCID iD. */
function orcidNote(people: readonly CitedPerson[]): string | undefined {
  const named = people.filter((p) => p.orcid !== undefined).map((p) => `${p.name} (ORCID ${p.orcid ?? ''})`);
  return named.length === 0 ? undefined : `ORCID iDs: ${named.join('; ')}.`;
}

/**
 * The CSL-JSON item of one record: title, authors, publisher, issued date, DOI and URL, version,
 * type, and the hardware identifiers in `note` and `custom`.
 * Authors: a dataset's or publication's creators (a dataset without any: its facility); a model's
 * manufacturer; other hardware: the facility as an institutional author, then the people the record
 * itself names. Publisher: the facility's host organization, else the facility, else this service (a
 * model: its manufacturer). Issued: the kind's own date (a configuration's validFrom, a dataset's
 * created, an instance's commissioned, a publication's issued), else when the record was created here.
 */
function itemOf(record: CitedRecord & { kind: CitableKind }, chain: CitationFacts, options: CslItemOptions): CslItem {
  const facts = narrowed(chain, record.kind);
  const { type, genre } = KIND_TYPES[record.kind];
  const works = record.kind === 'dataset' || record.kind === 'publication';
  const facility = facts.facility === undefined ? [] : [institution(facts.facility)];
  const author = works ? (record.people.length > 0 ? record.people.map(personName) : facility)
    : record.kind === 'model' ? (facts.manufacturer === undefined ? [] : [institution(facts.manufacturer)])
      : [...facility, ...record.people.map(personName)];
  const publisher = record.kind === 'publication' ? undefined
    : record.kind === 'model' ? facts.manufacturer?.name
      : facts.organization?.name ?? facts.facility?.name ?? serviceName(options.baseUrl);
  // The hardware identifiers belong to the hardware and the data acquired on it, not to a publication.
  const relations = record.kind === 'publication' ? [] : hardwareRelations(facts, options.baseUrl);
  const note = [
    ...relations.map((r) => `${r.label}: ${r.value}.`),
    ...(record.kind === 'publication' ? [] : [orcidNote(record.people)]),
  ].filter((n): n is string => n !== undefined).join(' ');
  const issued = cslDate(record.date) ?? cslDate(record.createdAt);
  return {
    id: record.iri,
    type,
    title: record.name,
    ...(genre === undefined ? {} : { genre }),
    ...(author.length === 0 ? {} : { author }),
    ...(publisher === undefined ? {} : { publisher }),
    ...(issued === undefined ? {} : { issued }),
    ...(record.pid?.scheme === 'doi' ? { DOI: record.pid.id } : {}),
    URL: citedUrl(record, options.baseUrl),
    ...(record.version === undefined ? {} : { version: record.version }),
    ...(note === '' ? {} : { note }),
    ...(relations.length === 0 ? {} : { custom: Object.fromEntries(relations.map((r) => [r.key, r.value])) }),
  };
}

/** The parts of the chain below the subject that a citation of each kind names. */
type ChainPart = Exclude<keyof CitationFacts, 'subject'>;

/**
 * The chain as seen from one of its records: a model's citation names its manufacturer only, an
 * instance's no configuration (an instance has many), a facility's nothing but its host.
 */
const CHAIN_OF: Readonly<Record<CitableKind, readonly ChainPart[]>> = {
  facility: ['facility', 'organization'],
  model: ['model', 'manufacturer'],
  instance: ['instance', 'model', 'manufacturer', 'facility', 'organization'],
  configuration: ['configuration', 'instance', 'model', 'manufacturer', 'facility', 'organization'],
  dataset: ['dataset', 'configuration', 'instance', 'model', 'manufacturer', 'facility', 'organization'],
  publication: [],
};

/** The facts a citation of a record of this kind names (see {@link CHAIN_OF}). */
function narrowed(facts: CitationFacts, kind: CitableKind): CitationFacts {
  const parts: Partial<Record<ChainPart, CitedRecord>> = {};
  for (const part of CHAIN_OF[kind]) {
    const record = facts[part];
    if (record !== undefined) parts[part] = record;
  }
  return { subject: facts.subject, ...parts };
}

/**
 * The CSL-JSON items that cite a record: its own, and for a dataset also the hardware it was
 * acquired with (its configuration), so that a reference list can cite both.
 * @param facts - the record's citation facts.
 * @param options - the base URL.
 * @returns the items, the record's first; empty for a kind without a citation.
 * @example
 * cslItemsOf(await citationFacts(record, read), { baseUrl })[0].URL; // 'https://doi.org/10.5072/…'
 */
export function cslItemsOf(facts: CitationFacts, options: CslItemOptions): CslItem[] {
  const { subject } = facts;
  if (!isCitable(subject.kind)) return [];
  const own = itemOf({ ...subject, kind: subject.kind }, facts, options);
  const hardware = subject.kind === 'dataset' && facts.configuration !== undefined
    ? [itemOf({ ...facts.configuration, kind: 'configuration' }, facts, options)]
    : [];
  return [own, ...hardware];
}
