import type { Quad } from 'n3';
import { humanize, NBOQ_NS } from '../domain/index.js';
import { PHD, RDF, RDFS } from '../domain/index.js';
import { firstLiteral, localName } from '../pid/index.js';
import { COMPONENT_FAMILIES, componentFamily, OTHER_COMPONENTS } from '../reporting/index.js';
import type { ComponentField, QuadIndex } from './component-fields.js';
import { componentFields, indexQuads } from './component-fields.js';
import type { CompareCell, CompareColumn, CompareField, CompareGroup, CompareRow, CompareView } from './compare-view.js';

/** A configuration to compare: its column header and the quads of its record. */
export interface ComparedConfiguration {
  readonly column: CompareColumn;
  readonly quads: readonly Quad[];
}

/** One component of a column, keyed for alignment. */
interface Keyed {
  readonly key: string;
  readonly label: string;
  readonly family: string;
  readonly cell: CompareCell;
  readonly fields: readonly ComponentField[];
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A value that says something: not blank, not a placeholder such as `NA` or `unknown`. */
function known(value: string | undefined): string | undefined {
  return value === undefined || /^\s*(n\/?a|none|unknown|other|-+|\?+)?\s*$/i.test(value) ? undefined : value;
}

const squash = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The alignment key and row name of a component: an objective by magnification, numerical
 * aperture and immersion (a 63x/1.4 oil objective lines up with another whatever its model name),
 * anything else by kind and model (else type, else label).
 */
function alignment(index: QuadIndex, iri: string, kind: string, family: string, label: string): { key: string; label: string } {
  const nboq = (local: string) => firstLiteral(index.get(iri) ?? [], iri, `${NBOQ_NS}${local}`);
  const magnification = Number(nboq('magnification'));
  const aperture = Number(nboq('lensNA'));
  if (family === COMPONENT_FAMILIES[0].name && Number.isFinite(magnification) && Number.isFinite(aperture) && nboq('magnification') !== undefined && nboq('lensNA') !== undefined) {
    const immersion = nboq('immersionType');
    const name = `${magnification}x/${aperture}${immersion === undefined ? '' : ` ${immersion}`}`;
    return { key: `${kind}|${squash(name)}`, label: name };
  }
  const model = known(nboq('model'));
  if (model !== undefined) return { key: `${kind}|model:${squash(model)}`, label: model };
  const type = known(nboq('type'));
  if (type !== undefined) return { key: `${kind}|type:${squash(type)}`, label: `${humanize(kind)} (${type})` };
  return { key: `${kind}|label:${squash(label)}`, label };
}

function componentsOf(configuration: ComparedConfiguration): Keyed[] {
  const index = indexQuads(configuration.quads);
  const iri = configuration.column.iri;
  const nodes = [...new Set((index.get(iri) ?? []).filter((q) => q.predicate.value === PHD.hasComponent && q.object.termType === 'NamedNode').map((q) => q.object.value))];
  const aligned = nodes.map((node) => {
    const classes = (index.get(node) ?? []).filter((q) => q.predicate.value === RDF.type).map((q) => q.object.value).sort(compareText);
    const kind = localName(classes.find((c) => c.startsWith(NBOQ_NS)) ?? classes[0] ?? 'Component');
    const label = firstLiteral(index.get(node) ?? [], node, RDFS.label) ?? localName(node);
    const family = componentFamily(classes);
    return { ...alignment(index, node, kind, family, label), family, cell: { iri: node, label, kind } };
  }).sort((a, b) => compareText(a.key, b.key) || compareText(a.cell.label, b.cell.label) || compareText(a.cell.iri, b.cell.iri));
  // Two alike components in one column (two PMTs of one model) take the 1st, 2nd… row of that key.
  const seen = new Map<string, number>();
  const keyed = aligned.map((k) => {
    const n = (seen.get(k.key) ?? 0) + 1;
    seen.set(k.key, n);
    return n === 1 ? k : { ...k, key: `${k.key}#${n}`, label: `${k.label} (${n})` };
  });
  const references = new Map(keyed.map((k) => [k.cell.iri, { key: k.key, label: k.cell.label }]));
  return keyed.map((k) => ({ ...k, fields: componentFields(index, k.cell.iri, references) }));
}

const valueKey = (field: ComponentField | undefined): string => JSON.stringify((field?.values ?? []).map((v) => v.key));

function rowOf(key: string, cells: readonly (Keyed | undefined)[]): CompareRow {
  const present = cells.filter((c): c is Keyed => c !== undefined);
  const names = [...new Set(present.flatMap((c) => c.fields.map((f) => f.name)))].sort((a, b) => a.localeCompare(b));
  const fields = names.map((name): CompareField => {
    const own = cells.map((c) => (c === undefined ? undefined : c.fields.find((f) => f.name === name)));
    const keys = new Set(own.filter((_, i) => cells[i] !== undefined).map(valueKey));
    return { name, values: own.map((f, i) => (cells[i] === undefined ? null : (f?.values ?? []).map((v) => v.display))), differs: keys.size > 1 };
  });
  const first = present[0];
  return {
    key,
    label: first?.label ?? key,
    cells: cells.map((c) => c?.cell ?? null),
    fields,
    differs: present.length < cells.length || fields.some((f) => f.differs),
  };
}

/**
 * Lines up 2 to 6 configurations side by side: components grouped by family (objectives, light
 * sources, dichroics, filters, detectors, others: COMPONENT_FAMILIES, through the class tree),
 * matched across columns by kind and key values (an objective by magnification/NA/immersion,
 * other parts by model, else type, else label), each with its fields, values compared after
 * unit normalisation; rows and fields that differ are marked.
 * @param configurations - the columns, in order, with their record quads.
 * @param onlyDifferences - list only the rows that differ, and in rows present everywhere only the fields that differ.
 * @returns the view (plain data).
 * @example
 * const view = compareConfigurations([{ column: a, quads: qa }, { column: b, quads: qb }]);
 * view.groups[0]?.rows[0]?.differs;
 */
export function compareConfigurations(configurations: readonly ComparedConfiguration[], onlyDifferences = false): CompareView {
  const columns = configurations.map(componentsOf);
  const keys = [...new Set(columns.flatMap((components) => components.map((c) => c.key)))];
  const rows = keys.map((key) => {
    const cells = columns.map((components) => components.find((c) => c.key === key));
    const family = cells.find((c) => c !== undefined)?.family ?? OTHER_COMPONENTS;
    return { family, row: rowOf(key, cells) };
  });
  const order: string[] = [...COMPONENT_FAMILIES.map((family) => family.name), OTHER_COMPONENTS];
  const groups: CompareGroup[] = order.map((name) => ({
    name,
    rows: rows.filter((r) => r.family === name).map((r) => r.row).sort((a, b) => a.label.localeCompare(b.label) || compareText(a.key, b.key)),
  })).filter((g) => g.rows.length > 0);
  const differingRows = rows.filter((r) => r.row.differs).length;
  const shown = onlyDifferences
    ? groups.map((g) => ({
      name: g.name,
      rows: g.rows.filter((r) => r.differs).map((r) => (r.cells.every((c) => c !== null) ? { ...r, fields: r.fields.filter((f) => f.differs) } : r)),
    })).filter((g) => g.rows.length > 0)
    : groups;
  return { columns: configurations.map((c) => c.column), groups: shown, onlyDifferences, differingRows, totalRows: rows.length };
}
