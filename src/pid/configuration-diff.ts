/**
 * Semantic diff of two hardware-configuration records (`GET /pid/{descriptor}/diff/{other}`).
 *
 * Components are named per configuration version (`{configuration}/component/{id}`), so two
 * versions never share a component IRI; the same physical part is tied across versions by its
 * `dcterms:identifier` (falling back to the IRI segment after `/component/`). Nested child nodes
 * (`{component}/illuminationWavelengthRange/1`) are compared structurally: they are flattened into
 * path-named fields (`illuminationWavelengthRange[1].peakWavelength_nm`), so child IRIs that differ
 * only by their configuration prefix compare equal.
 *
 * The functions here are pure: they read quads and return JSON-serializable data; the diff page
 * (src/pages/diff-page.ts) writes its markup.
 */
import type { Quad } from 'n3';
import { PREFIXES, UNIT_NS } from '../domain/index.js';
import { DCTERMS, PHD, PROV, RDF, RDFS, XSD } from '../domain/index.js';

/** A component of one configuration version, as named in a diff. */
export interface ComponentSummary {
  /** The identifier that ties the component across versions (`dcterms:identifier`, or the IRI's last segment). */
  readonly identifier: string;
  readonly iri: string;
  /** The component's NBO-Q class IRI (empty when the record states none). */
  readonly class: string;
  /** `rdfs:label`, or the identifier when there is none. */
  readonly label: string;
}

/** One property (or flattened property path) whose values differ between the two versions. */
export interface FieldChange {
  /** IRI of the property (for a flattened path, the IRI of its last property). */
  readonly property: string;
  /** Readable name: the label from the `labels` map or the local name, joined along the path (`illuminationWavelengthRange[1].peakWavelength_nm`). */
  readonly name: string;
  /** Values in the older version (`from`), rendered readably; empty when absent. */
  readonly before: readonly string[];
  /** Values in the newer version (`to`), rendered readably; empty when absent. */
  readonly after: readonly string[];
}

/** A component present in both versions whose description changed. */
export interface ComponentChange {
  readonly identifier: string;
  readonly from: ComponentSummary;
  readonly to: ComponentSummary;
  readonly fields: readonly FieldChange[];
}

/** One side of a diff: a configuration version. */
export interface ConfigurationSide {
  readonly iri: string;
  /** `rdfs:label`, or the IRI when there is none. */
  readonly label: string;
  /** `phd:validFrom` (lexical form), or null. */
  readonly validFrom: string | null;
  /** The instance stating `phd:hasConfiguration` this configuration in its record, or null. */
  readonly instance: string | null;
}

/** The result of {@link diffConfigurations}; plain data, safe to `JSON.stringify`. */
export interface ConfigurationDiff {
  readonly from: ConfigurationSide;
  readonly to: ConfigurationSide;
  /** Whether both records link the configuration to the same instance. */
  readonly sameInstance: boolean;
  /** Components only in `to`, sorted by identifier. */
  readonly added: readonly ComponentSummary[];
  /** Components only in `from`, sorted by identifier. */
  readonly removed: readonly ComponentSummary[];
  /** Components in both whose fields differ, sorted by identifier; fields sorted by property path. */
  readonly changed: readonly ComponentChange[];
  /** Number of components in both versions with no difference. */
  readonly unchanged: number;
  /** Differences of the configuration node's own description (label, validFrom, versionNumber…), without its component and revision links. */
  readonly configurationFields: readonly FieldChange[];
}

/** A configuration record to diff: its IRI and the quads of its graph. */
export interface ConfigurationRecord {
  readonly iri: string;
  readonly quads: readonly Quad[];
}

/** Properties of the configuration node that are structure, or source data of an import (layout, what was not mapped), not description. */
const CONFIGURATION_LINKS: ReadonlySet<string> = new Set([RDF.type, PHD.hasComponent, PROV.wasRevisionOf, PHD.presentation, PHD.notMapped]);

const NUMERIC_DATATYPES: ReadonlySet<string> = new Set(
  (['integer', 'decimal', 'double', 'float', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger',
    'nonPositiveInteger', 'negativeInteger', 'unsignedInt', 'unsignedLong', 'unsignedShort', 'unsignedByte'] as const).map((l) => XSD[l]),
);

type Term = Quad['subject'] | Quad['object'];

/** A value as compared (`key`) and as shown (`display`). */
interface Value {
  readonly key: string;
  readonly display: string;
}

/** A flattened field of one node: values of one property path. */
interface FlatField {
  /** Sort and match key of the path: property IRIs and zero-padded indexes. */
  readonly path: string;
  readonly property: string;
  readonly name: string;
  readonly values: Value[];
}

/** A component of one side, with the key it is matched by. */
interface Component {
  readonly key: string;
  readonly summary: ComponentSummary;
}

/** One side's graph, indexed. */
interface Side {
  readonly iri: string;
  readonly bySubject: ReadonlyMap<string, readonly Quad[]>;
  /** Component node id → component. */
  readonly components: ReadonlyMap<string, Component>;
}

const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

function termId(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/**
 * The local name of an IRI: the part after the last `#` or `/`.
 * @param iri - an IRI.
 * @returns its local name, or the IRI when it has none.
 */
export function localName(iri: string): string {
  const local = iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
  return local === '' ? iri : local;
}

function compactIri(iri: string): string {
  if (iri.startsWith(UNIT_NS)) return iri.slice(UNIT_NS.length);
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[A-Za-z_][\w.-]*$/.test(iri.slice(ns.length))) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return iri;
}

function index(quads: readonly Quad[]): Map<string, Quad[]> {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const id = termId(q.subject);
    const list = bySubject.get(id);
    if (list === undefined) bySubject.set(id, [q]);
    else list.push(q);
  }
  return bySubject;
}

function objectsOf(bySubject: ReadonlyMap<string, readonly Quad[]>, subject: string, property: string): Term[] {
  return (bySubject.get(subject) ?? []).filter((q) => q.predicate.value === property).map((q) => q.object);
}

/**
 * The first literal a subject states for the first of some properties that has one: of several
 * literals of one property the least in code-unit order, so the answer does not depend on quad order.
 * @param quads - a graph, or the quads of one subject.
 * @param subject - the subject's IRI, or `_:id` for a blank node.
 * @param properties - one property IRI, or several in order of preference (`schema:name`, then `rdfs:label`).
 * @returns the literal's lexical form, or undefined when the subject states none.
 * @example
 * firstLiteral(quads, configuration, [SCHEMA.name, RDFS.label]) ?? configuration;
 */
export function firstLiteral(quads: readonly Quad[], subject: string, properties: string | readonly string[]): string | undefined {
  for (const property of typeof properties === 'string' ? [properties] : properties) {
    const found = quads
      .filter((q) => q.predicate.value === property && q.object.termType === 'Literal' && termId(q.subject) === subject)
      .map((q) => q.object.value)
      .sort(compare)[0];
    if (found !== undefined) return found;
  }
  return undefined;
}

function componentFallbackId(configuration: string, iri: string): string {
  const own = `${configuration}/component/`;
  if (iri.startsWith(own)) return iri.slice(own.length);
  const at = iri.lastIndexOf('/component/');
  return at >= 0 ? iri.slice(at + '/component/'.length) : iri;
}

function componentClass(types: readonly Term[]): string {
  const iris = types.filter((t) => t.termType === 'NamedNode').map((t) => t.value).sort(compare);
  return iris.find((t) => t.startsWith(PREFIXES.nboq)) ?? iris.find((t) => t !== PHD.Component) ?? iris[0] ?? '';
}

function indexSide(record: ConfigurationRecord): Side {
  const bySubject = index(record.quads);
  const nodes = objectsOf(bySubject, record.iri, PHD.hasComponent)
    .filter((o) => o.termType === 'NamedNode' || o.termType === 'BlankNode')
    .sort((x, y) => compare(termId(x), termId(y)));
  const components = new Map<string, Component>();
  const taken = new Map<string, number>();
  for (const node of nodes) {
    const id = termId(node);
    if (components.has(id)) continue;
    const identifier = firstLiteral(bySubject.get(id) ?? [], id, DCTERMS.identifier) ?? componentFallbackId(record.iri, node.value);
    // Two components claiming one identifier would be ambiguous; number the later ones (by IRI).
    const seen = taken.get(identifier) ?? 0;
    taken.set(identifier, seen + 1);
    const key = seen === 0 ? identifier : `${identifier}#${seen + 1}`;
    components.set(id, {
      key,
      summary: {
        identifier: key,
        iri: node.value,
        class: componentClass(objectsOf(bySubject, id, RDF.type)),
        label: firstLiteral(bySubject.get(id) ?? [], id, RDFS.label) ?? identifier,
      },
    });
  }
  return { iri: record.iri, bySubject, components };
}

function literalValue(term: Extract<Term, { termType: 'Literal' }>): Value {
  const datatype = term.datatype.value;
  const lexical = term.value;
  if (term.language !== '') return { key: `l:${lexical}@${term.language.toLowerCase()}`, display: `${lexical} @${term.language}` };
  if (NUMERIC_DATATYPES.has(datatype)) {
    const number = Number(lexical.trim());
    if (Number.isFinite(number)) return { key: `n:${String(number)}`, display: lexical };
  }
  if (datatype === XSD.boolean) return { key: `b:${String(lexical.trim() === 'true' || lexical.trim() === '1')}`, display: lexical };
  return { key: `s:${lexical}`, display: lexical };
}

/** Flattens nodes of one side into path-named fields. */
class Flattener {
  constructor(
    private readonly side: Side,
    private readonly labels: ReadonlyMap<string, string>,
  ) {}

  /** Whether a term is a child node to flatten: a blank node or an IRI under the configuration, described in this graph, and not a component. */
  private isChild(term: Term): boolean {
    if (term.termType !== 'BlankNode' && term.termType !== 'NamedNode') return false;
    const id = termId(term);
    if (this.side.components.has(id) || id === this.side.iri) return false;
    if (term.termType === 'NamedNode' && !id.startsWith(`${this.side.iri}/`)) return false;
    return this.side.bySubject.has(id);
  }

  private segment(property: string): string {
    return property === RDF.type ? (this.labels.get(RDF.type) ?? 'rdf:type') : (this.labels.get(property) ?? localName(property));
  }

  private reference(term: Term): Value {
    if (term.termType === 'Literal') return literalValue(term);
    const id = termId(term);
    const component = this.side.components.get(id);
    if (component !== undefined) {
      const { label, identifier } = component.summary;
      return { key: `c:${component.key}`, display: label === identifier ? identifier : `${label} (${identifier})` };
    }
    if (id === this.side.iri) return { key: 'self', display: 'this configuration' };
    if (term.termType === 'BlankNode') return { key: 'blank', display: '(blank node)' };
    if (id.startsWith(`${this.side.iri}/`)) {
      const relative = id.slice(this.side.iri.length + 1);
      return { key: `r:${relative}`, display: relative };
    }
    return { key: `i:${id}`, display: compactIri(id) };
  }

  /**
   * The fields of a node, child nodes flattened into paths.
   * @param subject - node id.
   * @param exclude - properties to leave out (at this level only).
   * @param visiting - nodes on the current path, to stop cycles.
   */
  fields(subject: string, exclude: ReadonlySet<string> = new Set(), visiting: ReadonlySet<string> = new Set()): Map<string, FlatField> {
    const out = new Map<string, FlatField>();
    const push = (path: string, property: string, name: string, value: Value) => {
      const field = out.get(path);
      if (field === undefined) out.set(path, { path, property, name, values: [value] });
      else if (!field.values.some((v) => v.key === value.key)) field.values.push(value);
    };
    const inner = new Set(visiting).add(subject);
    const children = new Map<string, Term[]>();
    for (const q of this.side.bySubject.get(subject) ?? []) {
      const property = q.predicate.value;
      if (exclude.has(property)) continue;
      if (this.isChild(q.object) && !inner.has(termId(q.object))) {
        const list = children.get(property) ?? [];
        if (!list.some((t) => termId(t) === termId(q.object))) list.push(q.object);
        children.set(property, list);
      } else {
        push(property, property, this.segment(property), this.reference(q.object));
      }
    }
    for (const [property, nodes] of children) {
      for (const { position, fields } of this.numberChildren(subject, nodes, inner)) {
        const prefix = `${this.segment(property)}[${position}]`;
        for (const field of fields.values()) {
          const path = `${property}\u0001${String(position).padStart(6, '0')}\u0001${field.path}`;
          for (const value of field.values) push(path, field.property, `${prefix}.${field.name}`, value);
        }
      }
    }
    return out;
  }

  /** Positions child nodes: `{parent}/{x}/{n}` keeps n; the others (blank nodes…) follow, ordered by content. */
  private numberChildren(parent: string, nodes: readonly Term[], visiting: ReadonlySet<string>): { position: number; fields: Map<string, FlatField> }[] {
    const numbered: { position: number; fields: Map<string, FlatField> }[] = [];
    const rest: { signature: string; fields: Map<string, FlatField> }[] = [];
    const used = new Set<number>();
    for (const node of [...nodes].sort((x, y) => compare(termId(x), termId(y)))) {
      const id = termId(node);
      const fields = this.fields(id, new Set(), visiting);
      const match = node.termType === 'NamedNode' && id.startsWith(`${parent}/`) ? /\/(\d+)$/.exec(id) : null;
      const position = match?.[1] === undefined ? Number.NaN : Number(match[1]);
      if (Number.isSafeInteger(position) && !used.has(position)) {
        used.add(position);
        numbered.push({ position, fields });
      } else {
        rest.push({ signature: signature(fields), fields });
      }
    }
    rest.sort((x, y) => compare(x.signature, y.signature));
    let next = Math.max(0, ...used);
    return [...numbered, ...rest.map(({ fields }) => ({ position: ++next, fields }))];
  }
}

function signature(fields: ReadonlyMap<string, FlatField>): string {
  return JSON.stringify([...fields.values()].map((f) => [f.path, f.values.map((v) => v.key).sort(compare)]).sort((x, y) => compare(String(x[0]), String(y[0]))));
}

function sortedValues(values: readonly Value[] | undefined): Value[] {
  return [...(values ?? [])].sort((x, y) => compare(x.key, y.key) || compare(x.display, y.display));
}

function diffFields(before: ReadonlyMap<string, FlatField>, after: ReadonlyMap<string, FlatField>): FieldChange[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(compare);
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    const av = sortedValues(a?.values);
    const bv = sortedValues(b?.values);
    const same = av.length === bv.length && av.every((v, i) => v.key === bv[i]?.key);
    if (same) continue;
    const field = (b ?? a) as FlatField;
    changes.push({ property: field.property, name: field.name, before: av.map((v) => v.display), after: bv.map((v) => v.display) });
  }
  return changes;
}

function sideSummary(side: Side, instances: readonly string[]): ConfigurationSide {
  return {
    iri: side.iri,
    label: firstLiteral(side.bySubject.get(side.iri) ?? [], side.iri, RDFS.label) ?? side.iri,
    validFrom: firstLiteral(side.bySubject.get(side.iri) ?? [], side.iri, PHD.validFrom) ?? null,
    instance: instances[0] ?? null,
  };
}

function instancesOf(record: ConfigurationRecord): string[] {
  const found = record.quads
    .filter((q) => q.predicate.value === PHD.hasConfiguration && q.object.value === record.iri && q.subject.termType === 'NamedNode')
    .map((q) => q.subject.value);
  return [...new Set(found)].sort(compare);
}

const byIdentifier = (x: ComponentSummary, y: ComponentSummary): number => compare(x.identifier, y.identifier) || compare(x.iri, y.iri);

/**
 * Compares two hardware-configuration records (typically two versions of one instance's
 * configuration) component by component.
 *
 * Components are matched by `dcterms:identifier` (else the IRI segment after `/component/`); a
 * matched component whose class differs shows as a change of its `rdf:type` field. Values are
 * compared semantically (numbers by value, so `1.40` equals `1.4`; child nodes by structure;
 * component references by identifier) and rendered readably (literals by lexical form, units by
 * local name such as `NanoM`, other IRIs as prefixed names).
 *
 * @param a - the older configuration (`from`): its IRI and the quads of its record graph.
 * @param b - the newer configuration (`to`).
 * @param labels - optional readable names of properties (IRI → `rdfs:label`), used for field names; local names otherwise.
 * @returns the diff, deterministically ordered (by identifier, then property path).
 * @example
 * const diff = diffConfigurations({ iri: v1, quads: q1 }, { iri: v2, quads: q2 });
 * diff.added.map((c) => c.identifier); // ['hyd2']
 */
export function diffConfigurations(a: ConfigurationRecord, b: ConfigurationRecord, labels: ReadonlyMap<string, string> = new Map()): ConfigurationDiff {
  const sideA = indexSide(a);
  const sideB = indexSide(b);
  const flatA = new Flattener(sideA, labels);
  const flatB = new Flattener(sideB, labels);

  const byKeyA = new Map([...sideA.components].map(([id, c]) => [c.key, { id, c }]));
  const byKeyB = new Map([...sideB.components].map(([id, c]) => [c.key, { id, c }]));

  const added: ComponentSummary[] = [];
  const removed: ComponentSummary[] = [];
  const changed: ComponentChange[] = [];
  let unchanged = 0;
  for (const [key, { id, c }] of byKeyA) {
    const other = byKeyB.get(key);
    if (other === undefined) {
      removed.push(c.summary);
      continue;
    }
    const fields = diffFields(flatA.fields(id), flatB.fields(other.id));
    if (fields.length === 0) unchanged++;
    else changed.push({ identifier: key, from: c.summary, to: other.c.summary, fields });
  }
  for (const [key, { c }] of byKeyB) if (!byKeyA.has(key)) added.push(c.summary);

  const instancesA = instancesOf(a);
  const instancesB = instancesOf(b);
  return {
    from: sideSummary(sideA, instancesA),
    to: sideSummary(sideB, instancesB),
    sameInstance: instancesA.some((i) => instancesB.includes(i)),
    added: added.sort(byIdentifier),
    removed: removed.sort(byIdentifier),
    changed: changed.sort((x, y) => compare(x.identifier, y.identifier)),
    unchanged,
    configurationFields: diffFields(flatA.fields(a.iri, CONFIGURATION_LINKS), flatB.fields(b.iri, CONFIGURATION_LINKS)),
  };
}

/**
 * The summary sentence of a diff, e.g. "2 components changed, 1 added, 1 removed".
 * @param diff - a diff.
 * @returns the sentence.
 */
export function diffSummary(diff: ConfigurationDiff): string {
  const n = diff.changed.length;
  return `${n} ${n === 1 ? 'component' : 'components'} changed, ${diff.added.length} added, ${diff.removed.length} removed`;
}
