import N3 from 'n3';
import { NBOQ_NS, PREFIXES } from '../domain/namespaces.js';
import { UNITS } from '../domain/units.js';
import type { UnitSpec } from '../domain/units.js';
import { ONTOLOGY_DIR, readTurtleDir } from '../validation/model-files.js';

/** How one Micro-Meta App field maps to RDF, read from the annotations of ontology/nbo-q.ttl. */
export interface FieldMapping {
  readonly property: string;
  readonly kind: 'literal' | 'object' | 'unit';
  /** xsd datatype IRI (literal fields), or class IRI (object fields). */
  readonly range?: string;
  /** For unit fields: the quantity kind. */
  readonly quantityKind?: string;
  /** For unit fields: the value property they qualify. */
  readonly unitOf?: string;
}

/** The mapping from Micro-Meta App schema IDs and field names to the NBO-Q ontology. */
export interface NboqMapping {
  readonly classBySchemaId: ReadonlyMap<string, string>;
  readonly fieldByName: ReadonlyMap<string, FieldMapping>;
  /** Canonical-value property by the value property it normalises. */
  readonly canonicalByProperty: ReadonlyMap<string, { property: string; unit: string }>;
}

const ann = (local: string) => N3.DataFactory.namedNode(`${NBOQ_NS}${local}`);

/**
 * Reads the mapping from the generated ontology (the single source of truth for field → term).
 * @returns the mapping.
 */
export function loadNboqMapping(): NboqMapping {
  const store = new N3.Store(readTurtleDir(ONTOLOGY_DIR));
  const classBySchemaId = new Map<string, string>();
  for (const q of store.getQuads(null, ann('schemaId'), null, null)) classBySchemaId.set(q.object.value, q.subject.value);
  const fieldByName = new Map<string, FieldMapping>();
  const typeOf = N3.DataFactory.namedNode(`${PREFIXES.rdf}type`);
  const range = N3.DataFactory.namedNode(`${PREFIXES.rdfs}range`);
  for (const q of store.getQuads(null, ann('fieldName'), null, null)) {
    const subject = q.subject;
    const types = store.getObjects(subject, typeOf, null).map((t) => t.value);
    const quantityKind = store.getObjects(subject, ann('quantityKind'), null)[0]?.value;
    const unitOf = store.getObjects(subject, ann('unitOf'), null)[0]?.value;
    const rangeIri = store.getObjects(subject, range, null)[0];
    const kind = quantityKind !== undefined ? 'unit' : types.includes(`${PREFIXES.owl}ObjectProperty`) ? 'object' : 'literal';
    fieldByName.set(q.object.value, {
      property: subject.value,
      kind,
      ...(rangeIri?.termType === 'NamedNode' ? { range: rangeIri.value } : {}),
      ...(quantityKind === undefined ? {} : { quantityKind }),
      ...(unitOf === undefined ? {} : { unitOf }),
    });
  }
  const canonicalByProperty = new Map<string, { property: string; unit: string }>();
  for (const q of store.getQuads(null, ann('canonicalOf'), null, null)) {
    const unit = store.getObjects(q.subject, ann('canonicalUnit'), null)[0]?.value ?? '';
    canonicalByProperty.set(q.object.value, { property: q.subject.value, unit });
  }
  // The three fields every element shares map to reused terms (see ontology/phd.ttl).
  fieldByName.set('ID', { property: `${PREFIXES.dcterms}identifier`, kind: 'literal', range: `${PREFIXES.xsd}string` });
  fieldByName.set('Name', { property: `${PREFIXES.rdfs}label`, kind: 'literal', range: `${PREFIXES.xsd}string` });
  fieldByName.set('Description', { property: `${PREFIXES.dcterms}description`, kind: 'literal', range: `${PREFIXES.xsd}string` });
  return { classBySchemaId, fieldByName, canonicalByProperty };
}

/**
 * The unit a Micro-Meta App symbol denotes, for a quantity kind.
 * @param kind - quantity kind key.
 * @param symbol - the symbol as written.
 * @returns the unit, or undefined.
 */
export function unitFor(kind: string, symbol: string): UnitSpec | undefined {
  return UNITS.find((u) => u.kind === kind && u.symbol === symbol.trim());
}

/**
 * Converts a value to the canonical unit.
 * @param value - the value as given.
 * @param from - its unit.
 * @param toLocal - local name of the canonical unit.
 * @returns the converted value, or undefined when the unit is not convertible.
 */
export function toCanonical(value: number, from: UnitSpec, toLocal: string): number | undefined {
  const to = UNITS.find((u) => u.local === toLocal && u.kind === from.kind);
  if (from.toSi === undefined || to?.toSi === undefined) return undefined;
  const si = value * from.toSi + (from.siOffset ?? 0);
  const result = (si - (to.siOffset ?? 0)) / to.toSi;
  return Number(result.toPrecision(12));
}

