import { createHash } from 'node:crypto';
import type { Literal, Quad, Quad_Object, Quad_Subject } from 'n3';
import { DCTERMS, NBOQ, PHD, PROV, RDF, RDFS, XSD } from '../domain/index.js';
import { DEFAULT_CONFIGURATION_NAME, applyPresentation, isObjectPresentation } from '../domain/index.js';
import type { JsonObject } from '../domain/index.js';
import type { ObjectPresentation } from '../domain/index.js';
import { unitSymbol } from '../domain/index.js';
import type { ClassMapping, NboqMapping } from '../domain/index.js';

/** A JSON value of a Micro-Meta App file. */
export type MicrometaValue = string | number | boolean | null | MicrometaValue[] | MicrometaObject;

/** A JSON object of a Micro-Meta App file. */
export interface MicrometaObject {
  [key: string]: MicrometaValue;
}

/** The stand or one component of a microscope, with the keys Micro-Meta App always writes. */
export interface MicrometaComponent extends MicrometaObject {
  ID: string;
  Tier: number;
  Schema_ID: string;
  ModelVersion: string;
  Extension: string;
  Domain: string;
  Category: string;
}

/** One entry of `linkedFields`: the component IDs a link field of a component points at. */
export interface MicrometaLink extends MicrometaObject {
  /** The schema title of the component that holds the field. */
  schemaType: string;
  value: string | string[];
}

/** A Micro-Meta App microscope file (model 2.01.x), as the app opens it. */
export interface MicrometaFile {
  Name: string;
  Schema_ID: string;
  ID: string;
  Tier: number;
  ValidationTier: number;
  ModelVersion: string;
  AppVersion: string;
  ScalingFactor: number;
  Description?: string;
  MicroscopeStand?: MicrometaComponent;
  components: MicrometaComponent[];
  /** Keyed `{schema title}_{component ID}`, then by field name. */
  linkedFields: Record<string, Record<string, MicrometaLink>>;
}

/** Options of {@link exportMicrometa}. */
export interface MicrometaExportOptions {
  /**
   * Called with each triple of the record that has no place in a Micro-Meta App file (a property
   * or class outside the NBO-Q mapping), so that a caller can report what the file leaves out.
   */
  readonly onUnmapped?: (quad: Quad) => void;
}

/**
 * The app version we write. Micro-Meta App migrates files of versions before 1.0 (renaming and
 * deleting fields) and cannot parse a version without its `-bN` build; this is the version of the
 * real 2.01.1 files our format follows (test/fixtures/micrometa/IGC_*.json).
 */
export const MICROMETA_APP_VERSION = '1.6.19-b1';

/** The schema of the file itself (its class is equivalent to phd:HardwareConfiguration). */
const INSTRUMENT_SCHEMA = 'Instrument.json';
const NUMERIC = new Set((['integer', 'decimal', 'double', 'float', 'int', 'long', 'short', 'nonNegativeInteger', 'positiveInteger'] as const).map((t) => XSD[t]));

/** Facts about the version, not fields of the file: the importer derives them again. */
const DERIVED = new Set([PHD.validFrom, PHD.versionNumber, PROV.wasRevisionOf]);

/** Link targets the generator names apart from the schema's `linkTo` (scripts/lib/nbo-q-spec.ts LINK_ALIASES). */
const LINK_NAMES: Readonly<Record<string, string>> = {
  [NBOQ.OpticalAperture]: 'Aperture',
  [PHD.Person]: 'Experimenter',
};

/**
 * Canvas layout. The record keeps no positions, so components are laid out in a grid, one row
 * (or more) per category, at the size Micro-Meta App gives an element dropped outside a slot.
 */
const LAYOUT = { margin: 50, columns: 10, cellWidth: 130, cellHeight: 150, size: 100 } as const;

/** The RFC 4122 URL namespace, for IDs derived from an IRI. */
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** A term as a map key (a named node and a blank node of the same label differ). */
const keyOf = (term: Quad_Subject | Quad_Object): string => `${term.termType}:${term.value}`;

/** The last path segment of an IRI (a component's UUID, a child's position). */
const lastSegment = (iri: string): string => iri.slice(iri.lastIndexOf('/') + 1);

/** A percent-encoded IRI segment decoded (as written when it is not valid UTF-8). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The local name of a class IRI. */
const localName = (iri: string): string => iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);

/** A name-based (version 5) UUID: a stable ID for a configuration that came without one. */
function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(URL_NAMESPACE).update(name).digest().subarray(0, 16);
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The JSON value of a literal: numbers and booleans as JSON numbers and booleans, as the app writes them. */
function jsonValue(literal: Literal): string | number | boolean {
  const datatype = literal.datatype.value;
  if (datatype === XSD.boolean) return literal.value.trim() === 'true' || literal.value.trim() === '1';
  if (NUMERIC.has(datatype)) {
    const value = Number(literal.value);
    if (Number.isFinite(value)) return value;
  }
  return literal.value;
}

/** Orders values so that a graph exports to the same file whatever order its triples come in. */
function compareValues(a: MicrometaValue, b: MicrometaValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

/** Children are named `…/{property}/{position}`: they go back in that order. */
function childPosition(iri: string): number {
  const position = Number(lastSegment(iri));
  return Number.isFinite(position) ? position : Number.MAX_SAFE_INTEGER;
}

/**
 * Exports a hardware-configuration record to a Micro-Meta App microscope file (model 2.01.x) that
 * the app opens, and that `convertMicrometa` reads back to the same graph. A record imported from
 * a Micro-Meta App file keeps the file's presentation (`phd:presentation`: layout, versions, the
 * file's spelling of values, see `presentationOf`): the export then gives that file back, field
 * for field, with any fact changed since written as the facts now say.
 *
 * - Components get their `Schema_ID`, `Category`, `Extension`, `Domain` and schema `Tier` from
 *   their NBO-Q class, `ID` from `dcterms:identifier`, fields from properties, unit fields from
 *   unit IRIs (back to the app's symbol) and arrays of child elements from the child nodes.
 * - Links are written as the app writes them: `"Schema/uuid"` in the field, and again in
 *   `linkedFields` (the app keeps both; the converter reads either to the same triple).
 * - Canvas layout, which the record does not keep, gets app defaults: a grid of 100 × 100 elements
 *   in no slot (`OccupiedSpot: null`), scaling factor 1; child-element counters
 *   (`Current_/Min_/Max_Number_Of_…`) are rebuilt from the children and the schema.
 * - Derived triples are not fields: canonical values (`…_nm`), `phd:hasConfiguration`,
 *   `phd:validFrom`, `phd:versionNumber`, `prov:wasRevisionOf`; `phd:tier` becomes `Tier` and
 *   `ValidationTier`.
 *
 * @example
 * ```ts
 * const file = exportMicrometa(await store.graph(iri), iri, loadNboqMapping());
 * writeFileSync('microscope.json', JSON.stringify(file, null, 2));
 * ```
 * @param quads - the configuration record's graph, as stored.
 * @param configurationIri - the configuration's IRI.
 * @param mapping - the NBO-Q mapping.
 * @param options - where to report triples the file cannot hold.
 * @returns the microscope file.
 */
export function exportMicrometa(
  quads: readonly Quad[],
  configurationIri: string,
  mapping: NboqMapping,
  options: MicrometaExportOptions = {},
): MicrometaFile {
  const kept = quads.find((q) => q.subject.value === configurationIri && q.predicate.value === PHD.presentation && q.object.termType === 'Literal');
  const derived = deriveMicrometa(quads, configurationIri, mapping, options);
  const presentation = kept === undefined ? undefined : readPresentation(kept.object.value);
  return presentation === undefined ? derived : (applyPresentation(derived as unknown as JsonObject, presentation) as unknown as MicrometaFile);
}

/** The presentation kept with a record, or undefined when the literal is not one (a record written by hand). */
function readPresentation(text: string): ObjectPresentation | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return isObjectPresentation(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The file the facts alone give: what {@link exportMicrometa} writes for a record without
 * presentation, and what an import compares a file with to find its presentation.
 * @param quads - the configuration record's graph.
 * @param configurationIri - the configuration's IRI.
 * @param mapping - the NBO-Q mapping.
 * @param options - where to report triples the file cannot hold.
 * @returns the microscope file.
 */
export function deriveMicrometa(
  quads: readonly Quad[],
  configurationIri: string,
  mapping: NboqMapping,
  options: MicrometaExportOptions = {},
): MicrometaFile {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = bySubject.get(keyOf(q.subject));
    if (list === undefined) bySubject.set(keyOf(q.subject), [q]);
    else list.push(q);
  }
  const used = new Set<Quad>();
  const take = (q: Quad) => used.add(q);
  const canonical = new Set([...mapping.canonicalByProperty.values()].map((c) => c.property));

  const own = bySubject.get(`NamedNode:${configurationIri}`) ?? [];
  const first = (predicate: string) => own.find((q) => q.predicate.value === predicate && q.object.termType === 'Literal');
  const componentIris = new Set(own.filter((q) => q.predicate.value === PHD.hasComponent && q.object.termType === 'NamedNode').map((q) => q.object.value));
  /** A component's ID as the file wrote it (its IRI segment is percent-encoded). */
  const idOf = (iri: string): string =>
    bySubject.get(`NamedNode:${iri}`)?.find((t) => t.predicate.value === DCTERMS.identifier && t.object.termType === 'Literal')?.object.value ?? decodeSegment(lastSegment(iri));

  /**
   * Writes the fields of a node (component or child) in schema order, then any others by name.
   * For a component, `links` collects its links for `linkedFields`.
   */
  const writeFields = (node: readonly Quad[], cls: ClassMapping | undefined, links?: Map<string, string[]>): MicrometaObject => {
    const byField = new Map<string, Quad[]>();
    for (const q of node) {
      if (used.has(q)) continue;
      if (canonical.has(q.predicate.value)) {
        take(q);
        continue;
      }
      const name = mapping.fieldByProperty.get(q.predicate.value);
      // A component's "Tier" is the schema's (the header writes it; the converter reads no other).
      if (name === undefined || (links !== undefined && name === 'Tier')) continue;
      byField.set(name, [...(byField.get(name) ?? []), q]);
    }
    const order = cls?.fields.map((f) => f.name) ?? [];
    const names = [...order.filter((name) => byField.has(name)), ...[...byField.keys()].filter((name) => !order.includes(name)).sort()];
    const out: MicrometaObject = {};
    for (const name of names) {
      const field = mapping.fieldByName.get(name);
      const schemaField = cls?.fields.find((f) => f.name === name);
      const values: MicrometaValue[] = [];
      const children: Quad[] = [];
      for (const q of byField.get(name) ?? []) {
        const object = q.object;
        if (field?.kind === 'unit') {
          const symbol = object.termType === 'NamedNode' ? unitSymbol(object.value) : undefined;
          if (symbol === undefined) continue;
          values.push(symbol);
        } else if (field?.kind === 'object') {
          if (object.termType !== 'NamedNode' && object.termType !== 'BlankNode') continue;
          // A node with triples of its own that is not a component is a nested child element.
          if (bySubject.has(keyOf(object)) && !componentIris.has(object.value)) {
            children.push(q);
            continue;
          }
          if (object.termType !== 'NamedNode') continue;
          const uuid = idOf(object.value);
          values.push(`${LINK_NAMES[field.range ?? ''] ?? localName(field.range ?? '')}/${uuid}`);
          links?.set(name, [...(links.get(name) ?? []), uuid]);
        } else {
          if (object.termType !== 'Literal') continue;
          values.push(jsonValue(object));
        }
        take(q);
      }
      values.sort(compareValues);
      links?.get(name)?.sort();
      if (children.length > 0) {
        children.sort((a, b) => childPosition(a.object.value) - childPosition(b.object.value));
        for (const q of children) {
          take(q);
          values.push(writeChild(q.object as Quad_Subject, field?.range));
        }
      }
      if (values.length === 0) continue;
      const many = children.length > 0 || values.length > 1 || (schemaField?.many ?? false);
      out[name] = many ? values : (values[0] ?? null);
    }
    return out;
  };

  /** A child element: its type is the field's range (the converter types it so again). */
  const writeChild = (child: Quad_Subject, range: string | undefined): MicrometaObject => {
    const node = bySubject.get(keyOf(child)) ?? [];
    for (const q of node) if (q.predicate.value === RDF.type && q.object.value === range) take(q);
    return writeFields(node, range === undefined ? undefined : mapping.classByIri.get(range));
  };

  const built: { id: string; name: string | undefined; cls: ClassMapping; body: MicrometaObject; links: Record<string, MicrometaLink> }[] = [];
  for (const q of own) {
    if (q.predicate.value !== PHD.hasComponent || q.object.termType !== 'NamedNode') continue;
    const node = bySubject.get(keyOf(q.object)) ?? [];
    const typeQuad = node.find((t) => t.predicate.value === RDF.type && mapping.classByIri.has(t.object.value));
    const cls = typeQuad === undefined ? undefined : mapping.classByIri.get(typeQuad.object.value);
    if (typeQuad === undefined || cls === undefined) continue; // left for onUnmapped, hasComponent included
    [q, typeQuad].forEach(take);
    const identifier = node.find((t) => t.predicate.value === DCTERMS.identifier && t.object.termType === 'Literal');
    const label = node.find((t) => t.predicate.value === RDFS.label && t.object.termType === 'Literal');
    [identifier, label].forEach((t) => t && take(t));
    const id = identifier?.object.value ?? decodeSegment(lastSegment(q.object.value));
    const links = new Map<string, string[]>();
    const body = writeFields(node, cls, links);
    const entry: Record<string, MicrometaLink> = {};
    for (const [name, uuids] of links) {
      const many = uuids.length > 1 || (cls.fields.find((f) => f.name === name)?.many ?? false);
      entry[name] = { schemaType: cls.title, value: many ? uuids : (uuids[0] ?? '') };
    }
    built.push({ id, name: label?.object.value, cls, body, links: entry });
  }

  type Built = (typeof built)[number];
  const sortKey = (b: Built) => [b.cls.category, b.cls.schemaId, b.name ?? '', b.id];
  built.sort((a, b) => {
    const [x, y] = [sortKey(a), sortKey(b)];
    const index = x.findIndex((part, i) => part !== y[i]);
    return index < 0 ? 0 : (x[index] ?? '').localeCompare(y[index] ?? '');
  });
  // The app shows one stand beside the canvas; any other stand stays a component.
  const standIndex = built.findIndex((b) => b.cls.category === 'MicroscopeStand');
  const stand = standIndex < 0 ? undefined : built.splice(standIndex, 1)[0];
  const linkedFields: Record<string, Record<string, MicrometaLink>> = {};
  for (const { id, cls, links } of stand === undefined ? built : [stand, ...built]) {
    if (Object.keys(links).length > 0) linkedFields[`${cls.title}_${id}`] = links;
  }
  const schemaKeys = ({ cls }: Built) => ({ ModelVersion: mapping.modelVersion, Extension: cls.extension, Domain: cls.domain ?? '', Category: cls.category });
  const named = ({ name }: Built): MicrometaObject => (name === undefined ? {} : { Name: name });

  let row = -1;
  let column: number = LAYOUT.columns;
  let category: string | undefined;
  const components = built.map((b): MicrometaComponent => {
    const { cls, body } = b;
    if (cls.category !== category || column === LAYOUT.columns) {
      row += 1;
      column = 0;
      category = cls.category;
    }
    const counters: MicrometaObject = {};
    for (const field of cls.fields.filter((f) => f.child)) {
      // As the app does for a new element: a required array starts with one (empty) element.
      const min = field.required ? 1 : 0;
      const current = Array.isArray(body[field.name]) ? (body[field.name] as MicrometaValue[]).length : 0;
      counters[`Current_Number_Of_${field.name}`] = Math.max(current, min);
      counters[`Min_Number_Of_${field.name}`] = min;
      counters[`Max_Number_Of_${field.name}`] = -1;
    }
    const placed: MicrometaComponent = {
      ...named(b),
      ID: b.id,
      Tier: cls.tier,
      Schema_ID: cls.schemaId,
      ...schemaKeys(b),
      PositionX: LAYOUT.margin + column * LAYOUT.cellWidth,
      PositionY: LAYOUT.margin + row * LAYOUT.cellHeight,
      PositionZ: 0,
      Width: LAYOUT.size,
      Height: LAYOUT.size,
      OffsetX: 0,
      OffsetY: 0,
      OccupiedSpot: null,
      ...counters,
      ...body,
    };
    column += 1;
    return placed;
  });

  const label = first(RDFS.label);
  const description = first(DCTERMS.description);
  const identifier = first(PHD.sourceIdentifier);
  const tierQuad = first(PHD.tier);
  const tier = Number(tierQuad?.object.value);
  for (const q of own) {
    const configType = q.predicate.value === RDF.type && (q.object.value === PHD.HardwareConfiguration || mapping.classBySchemaId.get(INSTRUMENT_SCHEMA) === q.object.value);
    const provenance = (q.predicate.value === PHD.presentation || q.predicate.value === PHD.notMapped) && q.object.termType === 'Literal' && q.object.datatype.value === RDF.JSON;
    if (configType || provenance || DERIVED.has(q.predicate.value)) take(q);
  }
  [label, description, identifier, tierQuad].forEach((q) => q && take(q));
  for (const q of quads) if (q.predicate.value === PHD.hasConfiguration && q.object.value === configurationIri) take(q);

  const file: MicrometaFile = {
    // A record without a name gets the one the converter gives a file without a name.
    Name: label?.object.value ?? DEFAULT_CONFIGURATION_NAME,
    Schema_ID: INSTRUMENT_SCHEMA,
    ID: identifier?.object.value ?? nameBasedUuid(configurationIri),
    Tier: Number.isInteger(tier) ? tier : 1,
    ValidationTier: Number.isInteger(tier) ? tier : 1,
    ModelVersion: mapping.modelVersion,
    AppVersion: MICROMETA_APP_VERSION,
    ScalingFactor: 1,
    // Keys in the order of the app's own files: the stand names its schema before its ID.
    ...(stand === undefined ? {} : { MicroscopeStand: { ...named(stand), Schema_ID: stand.cls.schemaId, ID: stand.id, Tier: stand.cls.tier, ...schemaKeys(stand), ...stand.body } }),
    components,
    linkedFields,
    ...(description === undefined ? {} : { Description: description.object.value }),
  };
  if (options.onUnmapped !== undefined) for (const q of quads) if (!used.has(q)) options.onUnmapped(q);
  return file;
}
