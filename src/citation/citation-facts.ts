import N3 from 'n3';
import { DCTERMS, PHD, RDFS, SCHEMA, pidFromIri } from '../domain/index.js';
import type { Pid, RecordKind } from '../domain/index.js';
import type { StoredRecord } from '../store/index.js';

/** Reads a live record; undefined when there is none (unknown or withdrawn). */
export type RecordReader = (iri: string) => Promise<StoredRecord | undefined>;

/** A person a record names (`dcterms:creator`, `phd:contact`). */
export interface CitedPerson {
  readonly iri: string;
  readonly name: string;
  readonly givenName: string | undefined;
  readonly familyName: string | undefined;
  /** Their ORCID iD (`0000-0002-1825-0097`), when they are named by it. */
  readonly orcid: string | undefined;
}

/** One record as a citation uses it. */
export interface CitedRecord {
  readonly iri: string;
  readonly kind: RecordKind;
  /** Its name, title or label; its PID's short form when the record cannot be read. */
  readonly name: string;
  readonly pid: Pid | undefined;
  /** When the record was created here (ISO 8601); undefined when it cannot be read. */
  readonly createdAt: string | undefined;
  /**
   * The date the kind dates itself by, as written: a dataset's `dcterms:created`, a configuration's
   * `phd:validFrom`, an instance's `phd:commissioned`, a publication's `dcterms:issued`.
   */
  readonly date: string | undefined;
  /** A configuration's `phd:versionNumber`. */
  readonly version: string | undefined;
  /** The people the record itself names: its creators, then its contacts. */
  readonly people: readonly CitedPerson[];
}

/**
 * What a citation of a record names: the record, and as far as they exist the hardware chain it
 * belongs to — dataset → configuration → instance → model (→ manufacturer) and facility (→ host
 * organization). Each link is read from the graph of the record that owns it (a configuration owns
 * `instance phd:hasConfiguration configuration`, an instance `facility phd:operates instance`), so
 * the chain is found by reading records alone.
 */
export interface CitationFacts {
  readonly subject: CitedRecord;
  readonly dataset?: CitedRecord;
  readonly configuration?: CitedRecord;
  readonly instance?: CitedRecord;
  readonly model?: CitedRecord;
  readonly manufacturer?: CitedRecord;
  readonly facility?: CitedRecord;
  readonly organization?: CitedRecord;
}

const NAME_PREDICATES = [SCHEMA.name, RDFS.label, DCTERMS.title];

/** The date predicate of each kind that dates itself. */
const DATE_PREDICATES: Partial<Record<RecordKind, string>> = {
  dataset: DCTERMS.created,
  configuration: PHD.validFrom,
  instance: PHD.commissioned,
  publication: DCTERMS.issued,
};

/** A record's graph, with lookups of the values of one node. */
class RecordGraph {
  private readonly store: N3.Store;

  public constructor(ntriples: string) {
    this.store = new N3.Store(new N3.Parser({ format: 'N-Triples' }).parse(ntriples));
  }

  public objects(subject: string, predicate: string): string[] {
    return this.store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(predicate), null).map((t) => t.value);
  }

  public object(subject: string, predicate: string): string | undefined {
    return this.objects(subject, predicate)[0];
  }

  public subject(predicate: string, object: string): string | undefined {
    return this.store.getSubjects(N3.DataFactory.namedNode(predicate), N3.DataFactory.namedNode(object), null)[0]?.value;
  }

  public name(iri: string): string | undefined {
    for (const predicate of NAME_PREDICATES) {
      const value = this.object(iri, predicate);
      if (value !== undefined) return value;
    }
    return undefined;
  }
}

/** A node's name when its record cannot be read: its PID's short form, else its IRI. */
function fallbackName(iri: string): string {
  return pidFromIri(iri)?.curie ?? iri;
}

/**
 * Collects what a citation of a record names, reading the records of its chain.
 * @param record - the record to cite.
 * @param read - reads a live record by IRI.
 * @returns the facts.
 * @example
 * const facts = await citationFacts(await store.get(iri), (i) => store.get(i));
 * facts.facility?.pid?.curie; // 'RRID:SCR_999003'
 */
export async function citationFacts(record: StoredRecord, read: RecordReader): Promise<CitationFacts> {
  // Each record is read once; undefined remembers one that cannot be read.
  const graphs = new Map<string, RecordGraph | undefined>([[record.iri, new RecordGraph(record.ntriples)]]);
  const records = new Map<string, StoredRecord>([[record.iri, record]]);
  const graphOf = async (iri: string): Promise<RecordGraph | undefined> => {
    if (!graphs.has(iri)) {
      const found = await read(iri);
      if (found !== undefined) records.set(iri, found);
      graphs.set(iri, found === undefined ? undefined : new RecordGraph(found.ntriples));
    }
    return graphs.get(iri);
  };

  const person = async (iri: string): Promise<CitedPerson> => {
    const graph = await graphOf(iri);
    const pid = pidFromIri(iri);
    return {
      iri,
      name: graph?.name(iri) ?? fallbackName(iri),
      givenName: graph?.object(iri, SCHEMA.givenName),
      familyName: graph?.object(iri, SCHEMA.familyName),
      orcid: pid?.scheme === 'orcid' ? pid.id : undefined,
    };
  };

  const cited = async (iri: string, kind: RecordKind): Promise<CitedRecord> => {
    const graph = await graphOf(iri);
    const datePredicate = DATE_PREDICATES[kind];
    const peopleIris = graph === undefined ? [] : [...new Set([...graph.objects(iri, DCTERMS.creator), ...graph.objects(iri, PHD.contact)])];
    return {
      iri,
      kind,
      name: graph?.name(iri) ?? fallbackName(iri),
      pid: pidFromIri(iri),
      createdAt: records.get(iri)?.createdAt,
      date: datePredicate === undefined ? undefined : graph?.object(iri, datePredicate),
      version: kind === 'configuration' ? graph?.object(iri, PHD.versionNumber) : undefined,
      people: await Promise.all(peopleIris.map(person)),
    };
  };

  /** The record a link leads to, from the graph that owns the link; undefined without the link. */
  const linked = async (from: string | undefined, find: (graph: RecordGraph, iri: string) => string | undefined, kind: RecordKind): Promise<CitedRecord | undefined> => {
    if (from === undefined) return undefined;
    const graph = await graphOf(from);
    const iri = graph === undefined ? undefined : find(graph, from);
    return iri === undefined ? undefined : cited(iri, kind);
  };

  const subject = await cited(record.iri, record.kind);
  const dataset = record.kind === 'dataset' ? subject : undefined;
  const configuration = record.kind === 'configuration' ? subject
    : await linked(dataset?.iri, (g, iri) => g.object(iri, PHD.acquiredWith), 'configuration');
  const instance = record.kind === 'instance' ? subject
    : await linked(configuration?.iri, (g, iri) => g.subject(PHD.hasConfiguration, iri), 'instance');
  const model = record.kind === 'model' ? subject
    : await linked(instance?.iri, (g, iri) => g.object(iri, PHD.instanceOf), 'model');
  const manufacturer = await linked(model?.iri, (g, iri) => g.object(iri, PHD.manufacturer), 'organization');
  const facility = record.kind === 'facility' ? subject
    : await linked(instance?.iri, (g, iri) => g.subject(PHD.operates, iri), 'facility');
  const organization = await linked(facility?.iri, (g, iri) => g.object(iri, PHD.hostedBy), 'organization');
  return {
    subject,
    ...(dataset === undefined ? {} : { dataset }),
    ...(configuration === undefined ? {} : { configuration }),
    ...(instance === undefined ? {} : { instance }),
    ...(model === undefined ? {} : { model }),
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(facility === undefined ? {} : { facility }),
    ...(organization === undefined ? {} : { organization }),
  };
}
