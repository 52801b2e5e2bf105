import N3 from 'n3';
import type { Quad } from 'n3';
import { NBOQ_NS, PREFIXES, RDF, RDFS, SH, UNIT_NS, UNITS, XSD } from '../domain/index.js';
import type { NboqMapping } from '../domain/index.js';
import { loadNboqMapping } from '../importers/index.js';
import { ONTOLOGY_DIR, readTurtleDir, SHAPES_DIR } from '../validation/index.js';

const { namedNode } = N3.DataFactory;
const SH_IN = namedNode(`${PREFIXES.sh}in`);
const NBOQ_TIER = namedNode(`${NBOQ_NS}tier`);

/** A field the form asks for because an NBO-Q tier requires it of a class. */
export interface TierField {
  /** The property's local name: the form field is `{kind}-{name}`. */
  readonly name: string;
  readonly property: string;
  /** The property's label in the ontology, capitalized, with its unit when it has one (`Working distance (mm)`). */
  readonly label: string;
  readonly type: 'text' | 'number' | 'choice';
  /** Enumerations (the value shape's `sh:in`), or `false`/`true` for booleans. */
  readonly choices?: readonly string[];
  readonly choiceLabels?: Readonly<Record<string, string>>;
  /** The lowest tier that requires it. */
  readonly tier: number;
  /** The classes (of those asked about) whose tier shapes require it. */
  readonly requiredOf: readonly string[];
  /** For quantities: the unit written beside the value, and the canonical value's property when NBO-Q keeps one. */
  readonly unit?: { readonly iri: string; readonly symbol: string; readonly property: string; readonly canonical?: string };
  /** The field chooses the unit of the quantity before it (its values are unit local names). */
  readonly unitChoice?: true;
}

/** What the shapes and the ontology say, read once. */
interface Facts {
  readonly mapping: NboqMapping;
  /** Class → the required properties of its tier shapes, with their tier and field name. */
  readonly required: ReadonlyMap<string, readonly { readonly path: string; readonly name: string; readonly tier: number }[]>;
  /** `{class} {path}` → the value shape's allowed values. */
  readonly allowed: ReadonlyMap<string, readonly string[]>;
  readonly labels: ReadonlyMap<string, string>;
}

let facts: Facts | undefined;

/** The items of an RDF list. */
function listItems(store: N3.Store, head: N3.Term): string[] {
  const items: string[] = [];
  for (let node: N3.Term | undefined = head; node !== undefined && !(node.termType === 'NamedNode' && node.value === RDF.nil); node = store.getObjects(node, namedNode(RDF.rest), null)[0]) {
    const first = store.getObjects(node, namedNode(RDF.first), null)[0];
    if (first !== undefined) items.push(first.value);
  }
  return items;
}

/** Reads the tier shapes' required properties, the value shapes' enumerations and the ontology's labels, once. */
function factsOf(): Facts {
  if (facts !== undefined) return facts;
  const shapes: Quad[] = readTurtleDir(SHAPES_DIR, (name) => /^nbo-q(-tier-\d)?\.ttl$/.test(name));
  const store = new N3.Store(shapes);
  const required = new Map<string, { path: string; name: string; tier: number }[]>();
  const allowed = new Map<string, string[]>();
  for (const target of store.getQuads(null, namedNode(SH.targetClass), null, null)) {
    const cls = target.object.value;
    for (const node of store.getObjects(target.subject, namedNode(SH.property), null)) {
      const path = store.getObjects(node, namedNode(SH.path), null)[0]?.value;
      if (path === undefined) continue;
      const list = store.getObjects(node, SH_IN, null)[0];
      if (list !== undefined) allowed.set(`${cls} ${path}`, listItems(store, list));
      if (store.getObjects(node, namedNode(SH.minCount), null)[0]?.value !== '1') continue;
      const tier = Number(store.getObjects(node, NBOQ_TIER, null)[0]?.value ?? 1);
      const name = store.getObjects(node, namedNode(SH.name), null)[0]?.value ?? path;
      required.set(cls, [...(required.get(cls) ?? []), { path, name, tier }]);
    }
  }
  const mapping = loadNboqMapping();
  const labels = new Map<string, string>();
  for (const q of readTurtleDir(ONTOLOGY_DIR)) {
    if (q.predicate.value === RDFS.label && q.object.termType === 'Literal' && ['', 'en'].includes(q.object.language)) labels.set(q.subject.value, q.object.value);
  }
  facts = { mapping, required, allowed, labels };
  return facts;
}

/**
 * The unit of a quantity: NBO-Q's canonical unit where it keeps one (the value is asked in it), else
 * the units the value shape allows, for the person to choose.
 */
function unitOf(mapping: NboqMapping, cls: string, property: string, allowed: Facts['allowed']): TierField['unit'] | readonly string[] | undefined {
  const unitField = [...mapping.fieldByName.values()].find((f) => f.kind === 'unit' && f.unitOf === property);
  if (unitField === undefined) return undefined;
  const canonical = mapping.canonicalByProperty.get(property);
  const spec = canonical === undefined ? undefined : UNITS.find((u) => `${UNIT_NS}${u.local}` === canonical.unit && u.kind === unitField.quantityKind);
  if (canonical !== undefined && spec !== undefined) return { iri: canonical.unit, symbol: spec.symbol, property: unitField.property, canonical: canonical.property };
  return allowed.get(`${cls} ${unitField.property}`) ?? UNITS.filter((u) => u.kind === unitField.quantityKind).map((u) => `${UNIT_NS}${u.local}`);
}

/**
 * The fields an NBO-Q tier requires of a component beyond those the form always asks (`known`):
 * every property whose tier shape (shapes/nbo-q-tier-N.ttl, N ≤ `tier`) has `sh:minCount 1` for one
 * of `classes`, labelled as the ontology labels it, typed by its range — a yes/no choice for booleans,
 * a number with its unit for quantities, a choice of the value shape's `sh:in` for enumerations.
 * @param classes - the NBO-Q classes the component may be (a detector is a PMT or a HyD).
 * @param tier - the configuration's tier (1–3).
 * @param known - property IRIs the form already asks for (they are not repeated).
 * @returns the fields, in the shapes' order.
 */
export function tierFields(classes: readonly string[], tier: number, known: ReadonlySet<string>): TierField[] {
  const { mapping, required, allowed, labels } = factsOf();
  const fields = new Map<string, TierField>();
  for (const cls of classes) {
    for (const { path, name, tier: needed } of required.get(cls) ?? []) {
      if (needed > tier || known.has(path) || !path.startsWith(NBOQ_NS)) continue;
      const existing = fields.get(path);
      if (existing !== undefined) {
        // The field (and its unit, when chosen) is required of this class too.
        for (const key of [path, `unit ${path}`]) {
          const field = fields.get(key);
          if (field !== undefined) fields.set(key, { ...field, requiredOf: [...field.requiredOf, cls] });
        }
        continue;
      }
      const mapped = mapping.fieldByName.get(name);
      // A link to a nested part (a range, a child element) is not one value a form field can hold.
      if (mapped?.kind === 'object') continue;
      const range = mapped?.range;
      const choices = allowed.get(`${cls} ${path}`);
      const unit = unitOf(mapping, cls, path, allowed);
      const words = labels.get(path) ?? name;
      const fixed = unit !== undefined && !Array.isArray(unit) ? (unit as TierField['unit']) : undefined;
      const label = `${words.charAt(0).toUpperCase()}${words.slice(1)}${fixed === undefined ? '' : ` (${fixed.symbol})`}`;
      const base = { name: path.slice(NBOQ_NS.length), property: path, label, tier: needed, requiredOf: [cls] };
      if (range === XSD.boolean) fields.set(path, { ...base, type: 'choice', choices: ['false', 'true'], choiceLabels: { false: 'no', true: 'yes' } });
      else if (choices !== undefined && choices.length > 0) fields.set(path, { ...base, type: 'choice', choices });
      else if (range !== undefined && [XSD.decimal, XSD.double, XSD.float, XSD.integer].includes(range)) {
        fields.set(path, { ...base, type: 'number', ...(fixed === undefined ? {} : { unit: fixed }) });
        if (Array.isArray(unit)) {
          // No canonical unit: the person says which unit the value is in, from those NBO-Q allows.
          const units = (unit as readonly string[]).filter((iri) => iri.startsWith(UNIT_NS));
          const unitProperty = [...mapping.fieldByName.values()].find((f) => f.kind === 'unit' && f.unitOf === path)?.property ?? `${path}Unit`;
          fields.set(`unit ${path}`, {
            ...base, name: unitProperty.slice(NBOQ_NS.length), property: unitProperty, label: `Unit of the ${words}`, type: 'choice', unitChoice: true,
            choices: units.map((iri) => iri.slice(UNIT_NS.length)),
            choiceLabels: Object.fromEntries(units.map((iri) => [iri.slice(UNIT_NS.length), UNITS.find((u) => `${UNIT_NS}${u.local}` === iri)?.symbol ?? iri.slice(UNIT_NS.length)])),
          });
        }
      } else fields.set(path, { ...base, type: 'text' });
    }
  }
  return [...fields.values()];
}
