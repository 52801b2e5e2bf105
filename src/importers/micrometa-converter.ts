import N3 from 'n3';
import type { Quad, Quad_Object, Quad_Subject } from 'n3';
import { PHD_NS, PREFIXES, UNIT_NS } from '../domain/namespaces.js';
import { canonicalDouble, decimalLexical, sharedUnitField } from '../domain/units.js';
import { toCanonical, unitFor } from './nbo-q-mapping.js';
import type { FieldMapping, NboqMapping } from './nbo-q-mapping.js';

const { namedNode, literal, quad } = N3.DataFactory;
const xsd = (local: string) => namedNode(`${PREFIXES.xsd}${local}`);
const RDF_TYPE = namedNode(`${PREFIXES.rdf}type`);

/** Keys Micro-Meta App writes for its canvas and bookkeeping, not hardware facts. */
const LAYOUT_KEYS = new Set([
  'Schema_ID', 'ModelVersion', 'AppVersion', 'Extension', 'Domain', 'Category', 'PositionX', 'PositionY', 'PositionZ',
  'Width', 'Height', 'OffsetX', 'OffsetY', 'OccupiedSpot', 'ScalingFactor', 'ValidationTier', 'ID', 'Tier', 'linkedFields',
  'components', 'MicroscopeStand',
]);

/** Keys the app adds to manage its forms (array sizes, icon rotation): dropped like layout keys. */
const APP_KEY = /^(Current|Min|Max)_Number_Of_|^Rotate$/;

/** Values Micro-Meta App files use for "nothing linked" / "no value". */
const NULL_VALUES = new Set(['na', 'not assigned', '']);

/** The name of a configuration whose file gives none. */
export const DEFAULT_CONFIGURATION_NAME = 'Hardware configuration';

/** What a conversion produced, and what it could not place. */
export interface MicrometaConversion {
  readonly quads: Quad[];
  /** Unknown schema IDs, fields and unit symbols: reported, never dropped silently. */
  readonly warnings: string[];
  readonly name: string;
  readonly tier: number;
}

/** Options of {@link convertMicrometa}. */
export interface ConvertOptions {
  /** IRI of the configuration record to create. */
  configurationIri: string;
  /** IRI of the instrument instance it configures. */
  instanceIri: string;
  /** `validFrom` of the configuration (YYYY-MM-DD). */
  validFrom: string;
  versionNumber?: number;
  wasRevisionOf?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Text of a scalar JSON value (objects and arrays as JSON, for messages). */
function text(value: Json | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isBlank(value: Json | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function isNull(value: Json | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && NULL_VALUES.has(value.trim().toLowerCase()));
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}


/**
 * Converts a Micro-Meta App microscope file (model 2.01.x) into one hardware-configuration record:
 * the configuration, its components (`{configuration}/component/{uuid}`) and their nested elements,
 * typed with the NBO-Q classes; units become unit IRIs and values are also normalised to the
 * canonical unit of their quantity kind. Links (`"Schema/uuid"` strings and `linkedFields`)
 * become object properties. "na", "NA", "Not assigned" mean no link; in string fields an explicit
 * "NA" is kept, as Micro-Meta App does, since it states that the value is not available.
 * `linkedFields` entries of components the file no longer has (the app keeps them after a
 * delete) are reported and left out. Child elements are named `{parent}/{property}/{n}`, n
 * counting the objects of the array, so that `exportMicrometa` writes them back in order.
 *
 * @param file - the parsed JSON file.
 * @param mapping - the NBO-Q mapping.
 * @param options - IRIs and dates of the record.
 * @returns the quads and warnings.
 */
export function convertMicrometa(file: Record<string, Json>, mapping: NboqMapping, options: ConvertOptions): MicrometaConversion {
  const quads: Quad[] = [];
  const warnings: string[] = [];
  const config = namedNode(options.configurationIri);
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => quads.push(quad(s, namedNode(p), o));
  const componentIri = (uuid: string) => namedNode(`${options.configurationIri}/component/${uuid.trim()}`);
  const tier = Number(file.Tier ?? 1);

  add(config, RDF_TYPE.value, namedNode(`${PHD_NS}HardwareConfiguration`));
  add(namedNode(options.instanceIri), `${PHD_NS}hasConfiguration`, config);
  const name = typeof file.Name === 'string' ? file.Name.trim() : DEFAULT_CONFIGURATION_NAME;
  add(config, `${PREFIXES.rdfs}label`, literal(name));
  if (typeof file.Description === 'string' && file.Description.trim()) add(config, `${PREFIXES.dcterms}description`, literal(file.Description.trim()));
  if (typeof file.ID === 'string') add(config, `${PHD_NS}sourceIdentifier`, literal(file.ID.trim()));
  add(config, `${PHD_NS}tier`, literal(String(tier), xsd('integer')));
  add(config, `${PHD_NS}validFrom`, literal(options.validFrom, xsd('date')));
  if (options.versionNumber !== undefined) add(config, `${PHD_NS}versionNumber`, literal(String(options.versionNumber), xsd('integer')));
  if (options.wasRevisionOf !== undefined) add(config, `${PREFIXES.prov}wasRevisionOf`, namedNode(options.wasRevisionOf));

  const linkTarget = (value: string): N3.NamedNode => componentIri(value.includes('/') ? value.slice(value.lastIndexOf('/') + 1) : value);

  const addField = (subject: N3.NamedNode, owner: string, key: string, value: Json, all: Record<string, Json>) => {
    const field = mapping.fieldByName.get(key);
    if (field === undefined) {
      warnings.push(`${owner}: unknown field "${key}" (not in the NBO-Q 2.01 schemas); left out`);
      return;
    }
    // A child element written as one object (not in an array) is a list of one.
    const items = Array.isArray(value) ? value : isObject(value) && field.kind === 'object' ? [value] : undefined;
    if (items === undefined) {
      addScalar(subject, owner, key, field, value, all);
      return;
    }
    // Children are numbered by their position among the objects, so that an export, which writes
    // only the objects, names them the same way again.
    let children = 0;
    items.forEach((item, index) => {
      if (isObject(item) && field.kind === 'object') {
        children += 1;
        const child = namedNode(`${subject.value}/${field.property.replace(/^.*#/, '')}/${children}`);
        add(subject, field.property, child);
        add(child, RDF_TYPE.value, namedNode(field.range ?? `${PREFIXES.owl}Thing`));
        for (const [childKey, childValue] of Object.entries(item)) {
          if (!isBlank(childValue) && !APP_KEY.test(childKey)) addField(child, `${owner}.${key}[${index}]`, childKey, childValue, item);
        }
      } else if (!isBlank(item)) addScalar(subject, owner, key, field, item, all);
    });
  };

  const addScalar = (subject: N3.NamedNode, owner: string, key: string, field: FieldMapping, value: Json, all: Record<string, Json>) => {
    if (field.kind === 'object') {
      if (typeof value === 'string' && !isNull(value)) add(subject, field.property, linkTarget(value));
      return;
    }
    if (Array.isArray(value) || isObject(value)) {
      warnings.push(`${owner}: ${key} = ${text(value)} is not a single value; left out`);
      return;
    }
    if (field.kind === 'unit') {
      if (isNull(value)) return;
      const unit = typeof value === 'string' ? unitFor(field.quantityKind ?? '', value) : undefined;
      if (unit === undefined) warnings.push(`${owner}: unknown unit "${text(value)}" for ${key}; left out`);
      else add(subject, field.property, namedNode(`${UNIT_NS}${unit.local}`));
      return;
    }
    const datatype = field.range?.replace(PREFIXES.xsd, '') ?? 'string';
    if (datatype === 'string' || datatype === 'Literal' || field.range === `${PREFIXES.rdfs}Literal`) {
      add(subject, field.property, typeof value === 'string' ? literal(value.trim()) : typeof value === 'number' ? literal(decimalLexical(value), xsd(Number.isInteger(value) ? 'integer' : 'decimal')) : literal(text(value), xsd('boolean')));
      return;
    }
    if (isNull(value)) return;
    if (datatype === 'boolean') {
      // "na" means no value, not false; anything but true/false is reported, not guessed.
      const bool = typeof value === 'boolean' ? String(value) : text(value).trim().toLowerCase();
      if (bool === 'true' || bool === 'false') add(subject, field.property, literal(bool, xsd('boolean')));
      else warnings.push(`${owner}: ${key} = "${text(value)}" is not true or false; left out`);
      return;
    }
    // Numbers: Micro-Meta App files sometimes write units into the number ("16bit").
    const numeric = typeof value === 'number' ? value : Number.parseFloat(text(value).trim());
    if (!Number.isFinite(numeric)) {
      warnings.push(`${owner}: ${key} = "${text(value)}" is not a number; left out`);
      return;
    }
    // The canonical value is computed from the value as stored (an integer field keeps the integer part).
    const stored = datatype === 'integer' ? Math.trunc(numeric) : numeric;
    add(subject, field.property, literal(decimalLexical(stored), xsd(datatype === 'integer' ? 'integer' : 'decimal')));
    const canonical = mapping.canonicalByProperty.get(field.property);
    const siblings = Object.keys(all);
    const unitKey = siblings.find((k) => mapping.fieldByName.get(k)?.unitOf === field.property) ?? sharedUnitField(key, siblings);
    const symbol = unitKey === undefined ? undefined : all[unitKey];
    const unitField = unitKey === undefined ? undefined : mapping.fieldByName.get(unitKey);
    if (canonical !== undefined && typeof symbol === 'string' && unitField?.quantityKind !== undefined) {
      const unit = unitFor(unitField.quantityKind, symbol);
      const converted = unit === undefined ? undefined : toCanonical(stored, unit, canonical.unit.replace(UNIT_NS, ''));
      if (converted !== undefined) add(subject, canonical.property, literal(canonicalDouble(converted), xsd('double')));
    }
  };

  const components: Record<string, Json>[] = [];
  if (isObject(file.MicroscopeStand)) components.push(file.MicroscopeStand);
  if (Array.isArray(file.components)) {
    for (const c of file.components) if (isObject(c)) components.push(c);
  }
  // linkedFields are keyed "{schema title}_{ID}"; titles may contain "_", so keys are matched to the
  // components of the file rather than split.
  const placed = new Map<string, string>();
  for (const component of components) {
    const schemaId = text(component.Schema_ID).trim();
    const cls = mapping.classBySchemaId.get(schemaId);
    const uuid = text(component.ID).trim();
    if (cls === undefined || !uuid) {
      warnings.push(`component ${uuid || '(no ID)'}: unknown schema "${schemaId}"; left out`);
      continue;
    }
    const subject = componentIri(uuid);
    placed.set(text(component.ID), uuid);
    placed.set(uuid, uuid);
    const owner = `${schemaId.replace(/\.json$/, '')} ${uuid}`;
    add(config, `${PHD_NS}hasComponent`, subject);
    add(subject, RDF_TYPE.value, namedNode(cls));
    add(subject, `${PREFIXES.dcterms}identifier`, literal(uuid));
    for (const [key, value] of Object.entries(component)) {
      if (LAYOUT_KEYS.has(key) || APP_KEY.test(key) || isBlank(value)) continue;
      addField(subject, owner, key, value, component);
    }
  }
  const linked = file.linkedFields;
  if (isObject(linked)) {
    for (const [key, links] of Object.entries(linked)) {
      if (!isObject(links)) continue;
      const id = [...placed.keys()].filter((candidate) => key.endsWith(`_${candidate}`)).sort((a, b) => b.length - a.length)[0];
      const uuid = id === undefined ? undefined : placed.get(id);
      if (uuid === undefined) {
        // The app keeps the links of a component it deleted: they describe nothing in the file.
        warnings.push(`linkedFields: "${key}" names no component of the file; its links are left out`);
        continue;
      }
      for (const [fieldName, link] of Object.entries(links)) {
        const field = mapping.fieldByName.get(fieldName);
        const value = isObject(link) ? link.value : undefined;
        if (field === undefined || value === undefined) continue;
        for (const target of Array.isArray(value) ? value : [value]) {
          if (typeof target === 'string' && !isNull(target)) add(componentIri(uuid), field.property, linkTarget(target));
        }
      }
    }
  }
  const unique = new N3.Store(quads);
  return { quads: unique.getQuads(null, null, null, null), warnings, name, tier };
}
