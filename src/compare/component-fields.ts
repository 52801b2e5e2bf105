import type { Quad } from 'n3';
import { humanize } from '../domain/index.js';
import { DCTERMS, RDF, RDFS, XSD } from '../domain/index.js';
import { localName } from '../pid/index.js';
import type { ComparableValue } from './quantity-value.js';
import { quantityValue } from './quantity-value.js';

/** The quads of a graph by subject IRI (or `_:` blank node id). */
export type QuadIndex = ReadonlyMap<string, readonly Quad[]>;

/** A field of a component: a readable path and its values. */
export interface ComponentField {
  readonly name: string;
  readonly values: readonly ComparableValue[];
}

/** How a component is named in another component's field: by its alignment key, not by its per-configuration IRI. */
export type ComponentReferences = ReadonlyMap<string, { readonly key: string; readonly label: string }>;

/** Properties shown elsewhere (the row's name) or that say nothing comparable. */
const SKIPPED: ReadonlySet<string> = new Set([RDF.type, RDFS.label, DCTERMS.identifier]);
const NUMERIC = /#(integer|decimal|double|float|int|long|short|byte|(non)?(Negative|Positive)Integer|nonNegativeInteger|unsigned\w+)$/;

/**
 * Indexes quads by subject.
 * @param quads - a graph.
 * @returns the index.
 */
export function indexQuads(quads: readonly Quad[]): QuadIndex {
  const index = new Map<string, Quad[]>();
  for (const quad of quads) {
    const id = quad.subject.termType === 'BlankNode' ? `_:${quad.subject.value}` : quad.subject.value;
    const list = index.get(id);
    if (list === undefined) index.set(id, [quad]);
    else list.push(quad);
  }
  return index;
}

function termValue(term: Quad['object'], references: ComponentReferences): ComparableValue {
  const lexical = term.value;
  const component = references.get(lexical);
  if (component !== undefined) return { key: `c:${component.key}`, display: component.label };
  if (term.termType !== 'Literal') return { key: `i:${lexical}`, display: localName(lexical) };
  if (NUMERIC.test(term.datatype.value) && Number.isFinite(Number(lexical.trim()))) {
    return { key: `n:${Number(lexical.trim())}`, display: String(Number(lexical.trim())) };
  }
  if (term.datatype.value === XSD.boolean) {
    const value = lexical.trim() === 'true' || lexical.trim() === '1';
    return { key: `b:${String(value)}`, display: value ? 'yes' : 'no' };
  }
  return { key: `s:${lexical.trim()}`, display: lexical };
}

/**
 * The fields of a component as compared: each value with its unit folded in and normalised
 * (`wavelength` + `wavelengthUnit` → one value in nm), the canonical copies (`wavelength_nm`) and
 * unit fields left out, nested nodes under the component's IRI (`…/transmittanceRange/1`)
 * flattened into paths (`transmittance range [1] › wavelength`). Values of a field are sorted by key.
 * @param index - the configuration's quads by subject.
 * @param component - the component IRI.
 * @param references - the configuration's components (IRI → alignment key and label): a field
 * pointing at another component (`standardDichroic`) compares by what that component is.
 * @returns the fields, by name.
 */
export function componentFields(index: QuadIndex, component: string, references: ComponentReferences = new Map()): ComponentField[] {
  const fields = new Map<string, ComparableValue[]>();
  const add = (name: string, value: ComparableValue): void => {
    const list = fields.get(name) ?? [];
    if (!list.some((v) => v.key === value.key)) list.push(value);
    fields.set(name, list);
  };
  const walk = (subject: string, prefix: string, visiting: ReadonlySet<string>): void => {
    const quads = index.get(subject) ?? [];
    const units = new Map(quads.map((q) => [q.predicate.value, q.object.value]));
    for (const quad of quads) {
      const property = quad.predicate.value;
      const local = localName(property);
      if (SKIPPED.has(property) || /_[A-Za-z]+$/.test(local)) continue;
      // A `…Unit` field is folded into the value it qualifies (when that value is present).
      if (local.endsWith('Unit') && units.has(property.slice(0, -'Unit'.length))) continue;
      const object = quad.object;
      if (object.termType === 'NamedNode' && object.value.startsWith(`${subject}/`) && index.has(object.value) && !visiting.has(object.value)) {
        const position = /\/(\d+)$/.exec(object.value)?.[1] ?? localName(object.value);
        walk(object.value, `${prefix}${humanize(local)} [${position}] › `, new Set(visiting).add(object.value));
        continue;
      }
      const unit = units.get(`${property}Unit`);
      const value = object.termType === 'Literal' && unit !== undefined ? quantityValue(local, object.value, unit) : termValue(object, references);
      add(`${prefix}${humanize(local)}`, value);
    }
  };
  walk(component, '', new Set([component]));
  return [...fields.entries()]
    .map(([name, values]) => ({ name, values: values.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
