import N3 from 'n3';
import type { Quad } from 'n3';
import { NBOQ_NS } from './namespaces.js';
import { UNITS } from './units.js';
import type { UnitSpec } from './units.js';
import { DCTERMS, NBOQ, OWL, PHD, RDF, RDFS, SH, SKOS, XSD } from './vocabulary.js';

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

/** One field of a class, as the class's schema lists it. */
export interface ClassField {
  /** The Micro-Meta App field name. */
  readonly name: string;
  readonly property: string;
  /** The schema makes it an array (several links or child elements), so a file writes a JSON array. */
  readonly many: boolean;
  /** The schema requires it (at some tier). */
  readonly required: boolean;
  /** Its values are child elements (nested objects), not values or links. */
  readonly child: boolean;
}

/** What an export needs of the class generated from one Micro-Meta App schema. */
export interface ClassMapping {
  readonly iri: string;
  readonly schemaId: string;
  /** The schema's title: Micro-Meta App names canvas elements (`linkedFields` keys) with it. */
  readonly title: string;
  readonly tier: number;
  readonly extension: string;
  readonly category: string;
  /** The Micro-Meta App domain, for components (the ontology keeps it only as the class tree). */
  readonly domain?: string;
  /** The schema's fields in schema order. */
  readonly fields: readonly ClassField[];
}

/** The mapping from Micro-Meta App schema IDs and field names to the NBO-Q ontology, and back. */
export interface NboqMapping {
  readonly classBySchemaId: ReadonlyMap<string, string>;
  readonly fieldByName: ReadonlyMap<string, FieldMapping>;
  /** Canonical-value property by the value property it normalises. */
  readonly canonicalByProperty: ReadonlyMap<string, { property: string; unit: string }>;
  /** Field name by property IRI: the reverse of {@link NboqMapping.fieldByName}. */
  readonly fieldByProperty: ReadonlyMap<string, string>;
  /** Schema, fields and app bookkeeping by class IRI: the reverse of {@link NboqMapping.classBySchemaId}. */
  readonly classByIri: ReadonlyMap<string, ClassMapping>;
  /** The Micro-Meta App model version the ontology was generated from (`2.01.1`). */
  readonly modelVersion: string;
}

const ann = (local: keyof typeof NBOQ) => N3.DataFactory.namedNode(NBOQ[local]);

/**
 * Builds the mapping from the generated ontology (the single source of truth for field → term) and
 * from the generated value shapes (which fields each class has, in schema order, how many values
 * each takes, which are required): the converter reads files with it, the exporter writes them.
 * Reading the files is the caller's (importers/load-nbo-q-mapping.ts); this does no I/O.
 * @param ontology - the quads of ontology/*.ttl.
 * @param shapes - the quads of the NBO-Q value and tier shapes, in document order.
 * @returns the mapping.
 */
export function nboqMapping(ontology: readonly Quad[], shapes: readonly Quad[]): NboqMapping {
  const store = new N3.Store([...ontology]);
  const classBySchemaId = new Map<string, string>();
  for (const q of store.getQuads(null, ann('schemaId'), null, null)) classBySchemaId.set(q.object.value, q.subject.value);
  const fieldByName = new Map<string, FieldMapping>();
  const typeOf = N3.DataFactory.namedNode(RDF.type);
  const range = N3.DataFactory.namedNode(RDFS.range);
  for (const q of store.getQuads(null, ann('fieldName'), null, null)) {
    const subject = q.subject;
    const types = store.getObjects(subject, typeOf, null).map((t) => t.value);
    const quantityKind = store.getObjects(subject, ann('quantityKind'), null)[0]?.value;
    const unitOf = store.getObjects(subject, ann('unitOf'), null)[0]?.value;
    const rangeIri = store.getObjects(subject, range, null)[0];
    const kind = quantityKind !== undefined ? 'unit' : types.includes(OWL.ObjectProperty) ? 'object' : 'literal';
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
  fieldByName.set('ID', { property: DCTERMS.identifier, kind: 'literal', range: XSD.string });
  fieldByName.set('Name', { property: RDFS.label, kind: 'literal', range: XSD.string });
  fieldByName.set('Description', { property: DCTERMS.description, kind: 'literal', range: XSD.string });
  const fieldByProperty = new Map([...fieldByName].map(([name, field]) => [field.property, name]));
  const modelVersion = store.getObjects(N3.DataFactory.namedNode(NBOQ_NS.replace(/#$/, '')), N3.DataFactory.namedNode(OWL.versionInfo), null)[0]?.value ?? '';
  return { classBySchemaId, fieldByName, canonicalByProperty, fieldByProperty, classByIri: readClasses(store, shapes, fieldByName), modelVersion };
}

/** The NBO-Q root class a Micro-Meta App domain maps to (see scripts/lib/nbo-q-spec.ts `rootOf`). */
const DOMAIN_BY_ROOT: Readonly<Record<string, string>> = {
  [PHD.Component]: 'MicroscopeHardwareSpecifications',
  [NBOQ.AcquisitionSettings]: 'ImageAcquisitionSettings',
  [NBOQ.SamplePreparation]: 'Experimental',
};

/**
 * The classes generated from schemas, with their fields. Fields, their order and cardinality come
 * from the value shapes (one property shape per field, in schema order, `sh:maxCount 1` unless
 * the schema makes it an array); required fields from the tier shapes (`sh:minCount 1`).
 */
function readClasses(ontology: N3.Store, shapes: readonly Quad[], fieldByName: ReadonlyMap<string, FieldMapping>): Map<string, ClassMapping> {
  // Read in document order (not from a store), so that fields keep the schemas' order.
  const targetOf = new Map<string, string>();
  const propertiesOf = new Map<string, string[]>();
  const facts = new Map<string, Map<string, string>>();
  for (const q of shapes) {
    const subject = q.subject.value;
    if (q.predicate.value === SH.targetClass) targetOf.set(subject, q.object.value);
    else if (q.predicate.value === SH.property) propertiesOf.set(subject, [...(propertiesOf.get(subject) ?? []), q.object.value]);
    else if (q.subject.termType === 'BlankNode') {
      const known = facts.get(subject) ?? new Map<string, string>();
      known.set(q.predicate.value, q.object.value);
      facts.set(subject, known);
    }
  }
  const fieldsOf = new Map<string, { name: string; many: boolean }[]>();
  const requiredOf = new Map<string, Set<string>>();
  for (const [shape, cls] of targetOf) {
    for (const node of propertiesOf.get(shape) ?? []) {
      const fact = facts.get(node);
      const name = fact?.get(SH.name);
      if (fact === undefined || name === undefined) continue; // canonical values carry no field name
      if (fact.get(SH.minCount) === '1') requiredOf.set(cls, (requiredOf.get(cls) ?? new Set<string>()).add(name));
      else fieldsOf.set(cls, [...(fieldsOf.get(cls) ?? []), { name, many: !fact.has(SH.maxCount) }]);
    }
  }
  const literal = (subject: string, local: keyof typeof NBOQ) => ontology.getObjects(N3.DataFactory.namedNode(subject), ann(local), null)[0]?.value;
  const superOf = (cls: string) => ontology.getObjects(N3.DataFactory.namedNode(cls), N3.DataFactory.namedNode(RDFS.subClassOf), null)[0]?.value;
  const rootOf = (cls: string): string => {
    let current = cls;
    for (let parent = superOf(current); parent !== undefined; parent = superOf(current)) current = parent;
    return current;
  };
  const classes = new Map<string, ClassMapping>();
  for (const q of ontology.getQuads(null, ann('schemaId'), null, null)) {
    const iri = q.subject.value;
    const category = literal(iri, 'category') ?? '';
    const root = DOMAIN_BY_ROOT[rootOf(iri)];
    // Software is the one component category the app files under its own domain.
    const domain = root === 'MicroscopeHardwareSpecifications' && category === 'Software' ? 'MicroscopeSpecifications' : root;
    const required = requiredOf.get(iri) ?? new Set<string>();
    const fields = (fieldsOf.get(iri) ?? []).flatMap(({ name, many }) => {
      const field = fieldByName.get(name);
      if (field === undefined) return [];
      const child = field.kind === 'object' && field.range !== undefined && literal(field.range, 'category') === 'ChildElement';
      return [{ name, property: field.property, many, required: required.has(name), child }];
    });
    classes.set(iri, {
      iri,
      schemaId: q.object.value,
      title: ontology.getObjects(q.subject, N3.DataFactory.namedNode(SKOS.notation), null)[0]?.value ?? q.object.value.replace(/\.json$/, ''),
      tier: Number(literal(iri, 'tier') ?? 1),
      extension: literal(iri, 'extension') ?? '',
      category,
      ...(domain === undefined ? {} : { domain }),
      fields,
    });
  }
  return classes;
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

