import N3 from 'n3';
import type { Quad, Quad_Object, Quad_Subject } from 'n3';
import { PREFIXES, UNIT_NS } from '../domain/index.js';
import { canonicalDouble, decimalLexical, sharedUnitField } from '../domain/index.js';
import type { JsonObject, JsonValue } from '../domain/index.js';
import { DEFAULT_CONFIGURATION_NAME, isPresentationKey } from '../domain/index.js';
import { toCanonical, unitFor } from '../domain/index.js';
import type { FieldMapping, NboqMapping } from '../domain/index.js';
import { notMappedLine } from './not-mapped.js';
import type { NotMapped } from './not-mapped.js';
import { DCTERMS, OWL, PHD, PROV, RDF, RDFS, XSD } from '../domain/index.js';

const { namedNode, literal, quad } = N3.DataFactory;
const xsd = (local: keyof typeof XSD) => namedNode(XSD[local]);
const RDF_TYPE = namedNode(RDF.type);

/**
 * Keys Micro-Meta App writes for its canvas and bookkeeping, or that the component's class
 * implies: not hardware facts. They are no triples; the importer keeps them with the file's
 * presentation (see domain/micrometa-presentation.ts), so an export writes them back.
 */
const LAYOUT_KEYS = new Set([
  'Schema_ID', 'ModelVersion', 'AppVersion', 'Extension', 'Domain', 'Category', 'PositionX', 'PositionY', 'PositionZ',
  'Width', 'Height', 'OffsetX', 'OffsetY', 'OccupiedSpot', 'ScalingFactor', 'ValidationTier', 'ID', 'Tier', 'linkedFields',
  'components', 'MicroscopeStand',
]);

/** Keys the app adds to manage its forms (array sizes, icon rotation): presentation, like layout keys. */
const APP_KEY = /^(Current|Min|Max)_Number_Of_|^Rotate$/;

/** Values Micro-Meta App files use for "nothing linked" / "no value". */
const NULL_VALUES = new Set(['na', 'not assigned', '']);

/** What a conversion produced, and what it could not place. */
export interface MicrometaConversion {
  readonly quads: Quad[];
  /**
   * Every message, for callers that report one list: the {@link MicrometaConversion.notMapped}
   * entries as `not mapped: <path> — <reason>` lines, then the others.
   */
  readonly warnings: string[];
  /** Unknown schema IDs, fields, unit symbols, values and links: reported, never dropped silently. */
  readonly notMapped: NotMapped[];
  readonly name: string;
  readonly tier: number;
}

/** Characters a component IRI segment keeps as they are (RFC 3986 unreserved). */
const SEGMENT_SAFE = /^[A-Za-z0-9._~-]$/;

/**
 * The IRI path segment of a component ID: every character outside `[A-Za-z0-9._~-]` is
 * percent-encoded (UTF-8, upper-case hex), so any ID gives a valid IRI and two IDs never give the
 * same segment. The ID itself is kept as written (`dcterms:identifier`). An ID of only "." or ".."
 * would be a dot segment, which URL parsers remove: the importer refuses such files.
 * @param id - the component ID as written in the file.
 * @returns the segment.
 * @example
 * ```ts
 * componentSegment('a b>c'); // 'a%20b%3Ec'
 * ```
 */
export function componentSegment(id: string): string {
  let out = '';
  for (const char of id) {
    if (SEGMENT_SAFE.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Keys of the file itself that the converter reads (presentation keys aside). */
const FILE_KEYS = new Set(['Name', 'Description', 'ID', 'Tier', 'Schema_ID', 'components', 'MicroscopeStand', 'linkedFields']);

/** A key as a step of a path: `.Key` for plain names, `["…"]` for any other. */
function step(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
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

/** Text of a scalar JSON value (objects and arrays as JSON, for messages). */
function text(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isBlank(value: JsonValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function isNull(value: JsonValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && NULL_VALUES.has(value.trim().toLowerCase()));
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}


/**
 * Converts a Micro-Meta App microscope file (model 2.01.x) into one hardware-configuration record:
 * the configuration, its components (`{configuration}/component/{ID, percent-encoded}`, see
 * {@link componentSegment}) and their nested elements, typed with the NBO-Q classes; units become
 * unit IRIs and values are also normalised to the canonical unit of their quantity kind. Links
 * (`"Schema/ID"` strings and `linkedFields`) become object properties. "na", "NA", "Not assigned"
 * mean no link; in string fields an explicit "NA" is kept, as Micro-Meta App does, since it states
 * that the value is not available. Micro-Meta App's placeholders for "not set" — `-1` in a number
 * field, `""` anywhere — give no triple: the facts never hold a negative wavelength, power or
 * magnification the user did not enter (the file's spelling is kept apart, as presentation).
 * Field names are read as the 2.01 schemas spell them, typos included (`MinTemberature`).
 * Everything else — fields, schemas, units, values and links no term states, `linkedFields` entries
 * of components the file no longer has (the app keeps them after a delete) — is listed in
 * `notMapped` with its path in the file. Child elements are named `{parent}/{property}/{n}`, n
 * counting the objects of the array, so that `exportMicrometa` writes them back in order.
 *
 * @param file - the parsed JSON file.
 * @param mapping - the NBO-Q mapping.
 * @param options - IRIs and dates of the record.
 * @returns the quads, what was not mapped, and other warnings.
 */
export function convertMicrometa(file: JsonObject, mapping: NboqMapping, options: ConvertOptions): MicrometaConversion {
  const quads: Quad[] = [];
  const notes: string[] = [];
  const notMapped: NotMapped[] = [];
  const skip = (path: string, reason: string) => notMapped.push({ path, reason });
  const config = namedNode(options.configurationIri);
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => quads.push(quad(s, namedNode(p), o));
  const componentIri = (id: string) => namedNode(`${options.configurationIri}/component/${componentSegment(id)}`);
  const tier = Number(file.Tier ?? 1);

  add(config, RDF_TYPE.value, namedNode(PHD.HardwareConfiguration));
  add(namedNode(options.instanceIri), PHD.hasConfiguration, config);
  const name = typeof file.Name === 'string' ? file.Name.trim() : DEFAULT_CONFIGURATION_NAME;
  add(config, RDFS.label, literal(name));
  if (typeof file.Description === 'string' && file.Description.trim()) add(config, DCTERMS.description, literal(file.Description.trim()));
  if (typeof file.ID === 'string') add(config, PHD.sourceIdentifier, literal(file.ID.trim()));
  add(config, PHD.tier, literal(String(tier), xsd('integer')));
  add(config, PHD.validFrom, literal(options.validFrom, xsd('date')));
  if (options.versionNumber !== undefined) add(config, PHD.versionNumber, literal(String(options.versionNumber), xsd('integer')));
  if (options.wasRevisionOf !== undefined) add(config, PROV.wasRevisionOf, namedNode(options.wasRevisionOf));
  for (const key of Object.keys(file)) {
    if (!FILE_KEYS.has(key) && !isPresentationKey(key)) skip(step(key).replace(/^\./, ''), 'not a field of a Micro-Meta App microscope file (model 2.01); kept only with the file\'s presentation');
  }

  const components: { path: string; value: JsonObject }[] = [];
  if (isObject(file.MicroscopeStand)) components.push({ path: 'MicroscopeStand', value: file.MicroscopeStand });
  if (Array.isArray(file.components)) {
    file.components.forEach((c, i) => {
      if (isObject(c)) components.push({ path: `components[${i}]`, value: c });
      else skip(`components[${i}]`, 'not a component (a JSON object)');
    });
  }
  // The components a link may name, by their ID as written (and as trimmed, for hand-edited files).
  const placed = new Map<string, string>();
  for (const { value } of components) {
    const id = text(value.ID);
    if (id.trim() !== '' && mapping.classBySchemaId.has(text(value.Schema_ID).trim())) placed.set(id, id);
  }
  for (const id of [...placed.keys()]) if (!placed.has(id.trim())) placed.set(id.trim(), id);
  /** The component a link names: an ID, or `Schema/ID` as the app writes links in fields. */
  const linkTarget = (value: string): string | undefined => {
    const slash = value.indexOf('/');
    for (const candidate of [value, value.trim(), ...(slash < 0 ? [] : [value.slice(slash + 1), value.slice(slash + 1).trim()])]) {
      const id = placed.get(candidate);
      if (id !== undefined) return id;
    }
    return undefined;
  };
  const addLink = (subject: N3.NamedNode, path: string, property: string, value: string) => {
    const target = linkTarget(value);
    if (target === undefined) skip(path, `links to "${value}", which names no component of the file`);
    else add(subject, property, componentIri(target));
  };

  const addField = (subject: N3.NamedNode, path: string, key: string, value: JsonValue, all: JsonObject) => {
    const field = mapping.fieldByName.get(key);
    if (field === undefined) {
      skip(path, 'not a field of the NBO-Q 2.01 schemas; kept only with the file\'s presentation');
      return;
    }
    // A child element written as one object (not in an array) is a list of one.
    const items = Array.isArray(value) ? value : isObject(value) && field.kind === 'object' ? [value] : undefined;
    if (items === undefined) {
      addScalar(subject, path, key, field, value, all);
      return;
    }
    // Children are numbered by their position among the objects, so that an export, which writes
    // only the objects, names them the same way again.
    let children = 0;
    items.forEach((item, index) => {
      const itemPath = Array.isArray(value) ? `${path}[${index}]` : path;
      if (isObject(item) && field.kind === 'object') {
        children += 1;
        const child = namedNode(`${subject.value}/${field.property.replace(/^.*#/, '')}/${children}`);
        add(subject, field.property, child);
        add(child, RDF_TYPE.value, namedNode(field.range ?? OWL.Thing));
        for (const [childKey, childValue] of Object.entries(item)) {
          if (!isBlank(childValue) && !APP_KEY.test(childKey)) addField(child, `${itemPath}${step(childKey)}`, childKey, childValue, item);
        }
      } else if (!isBlank(item)) addScalar(subject, itemPath, key, field, item, all);
    });
  };

  const addScalar = (subject: N3.NamedNode, path: string, key: string, field: FieldMapping, value: JsonValue, all: JsonObject) => {
    if (field.kind === 'object') {
      if (typeof value === 'string' && !isNull(value)) addLink(subject, path, field.property, value);
      else if (typeof value !== 'string') skip(path, `${text(value)} is not a link (a component ID)`);
      return;
    }
    if (Array.isArray(value) || isObject(value)) {
      skip(path, `${text(value)} is not a single value`);
      return;
    }
    // -1 is what the app writes for a value nobody entered.
    if (value === -1) return;
    if (field.kind === 'unit') {
      if (isNull(value)) return;
      const unit = typeof value === 'string' ? unitFor(field.quantityKind ?? '', value) : undefined;
      if (unit === undefined) skip(path, `unknown unit "${text(value)}" for ${key}`);
      else add(subject, field.property, namedNode(`${UNIT_NS}${unit.local}`));
      return;
    }
    const datatype = field.range?.replace(PREFIXES.xsd, '') ?? 'string';
    if (datatype === 'string' || datatype === 'Literal' || field.range === RDFS.Literal) {
      add(subject, field.property, typeof value === 'string' ? literal(value.trim()) : typeof value === 'number' ? literal(decimalLexical(value), xsd(Number.isInteger(value) ? 'integer' : 'decimal')) : literal(text(value), xsd('boolean')));
      return;
    }
    if (isNull(value)) return;
    if (datatype === 'boolean') {
      // "na" means no value, not false; anything but true/false is reported, not guessed.
      const bool = typeof value === 'boolean' ? String(value) : text(value).trim().toLowerCase();
      if (bool === 'true' || bool === 'false') add(subject, field.property, literal(bool, xsd('boolean')));
      else skip(path, `"${text(value)}" is not true or false`);
      return;
    }
    // Numbers: Micro-Meta App files sometimes write units into the number ("16bit").
    const numeric = typeof value === 'number' ? value : Number.parseFloat(text(value).trim());
    if (!Number.isFinite(numeric)) {
      skip(path, `"${text(value)}" is not a number`);
      return;
    }
    if (numeric === -1) return;
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

  for (const { path, value: component } of components) {
    const schemaId = text(component.Schema_ID).trim();
    const cls = mapping.classBySchemaId.get(schemaId);
    const id = text(component.ID);
    if (cls === undefined || id.trim() === '') {
      skip(path, cls === undefined ? `unknown schema "${schemaId}" (not one of the NBO-Q 2.01 schemas); kept only with the file's presentation` : 'a component without an ID; kept only with the file\'s presentation');
      continue;
    }
    const subject = componentIri(id);
    add(config, PHD.hasComponent, subject);
    add(subject, RDF_TYPE.value, namedNode(cls));
    add(subject, DCTERMS.identifier, literal(id));
    for (const [key, value] of Object.entries(component)) {
      if (LAYOUT_KEYS.has(key) || APP_KEY.test(key) || isPresentationKey(key) || isBlank(value)) continue;
      addField(subject, `${path}${step(key)}`, key, value, component);
    }
  }
  const linked = file.linkedFields;
  if (isObject(linked)) {
    for (const [key, links] of Object.entries(linked)) {
      const path = `linkedFields${step(key)}`;
      if (!isObject(links)) {
        skip(path, 'not an object of links');
        continue;
      }
      // Keys are "{schema title}_{ID}"; titles may contain "_", so keys are matched to the
      // components of the file rather than split.
      const id = [...new Set(placed.values())].filter((candidate) => key.endsWith(`_${candidate}`)).sort((a, b) => b.length - a.length)[0];
      if (id === undefined) {
        // The app keeps the links of a component it deleted: they describe nothing in the file.
        skip(path, 'names no component of the file (the app keeps the links of a deleted component); its links are left out');
        continue;
      }
      for (const [fieldName, link] of Object.entries(links)) {
        const field = mapping.fieldByName.get(fieldName);
        const value = isObject(link) ? link.value : undefined;
        const targets = value === undefined ? [] : Array.isArray(value) ? value : [value];
        // "Not assigned" links state nothing, whatever field holds them.
        if (value !== undefined && targets.every((target) => typeof target === 'string' && isNull(target))) continue;
        if (field === undefined || value === undefined) {
          skip(`${path}${step(fieldName)}`, field === undefined ? 'not a field of the NBO-Q 2.01 schemas' : 'has no "value"');
          continue;
        }
        targets.forEach((target, i) => {
          if (typeof target !== 'string') skip(`${path}${step(fieldName)}.value${Array.isArray(value) ? `[${i}]` : ''}`, `${text(target)} is not a link (a component ID)`);
          else if (!isNull(target)) addLink(componentIri(id), `${path}${step(fieldName)}.value${Array.isArray(value) ? `[${i}]` : ''}`, field.property, target);
        });
      }
    }
  }
  const unique = new N3.Store(quads);
  return { quads: unique.getQuads(null, null, null, null), warnings: [...notMapped.map(notMappedLine), ...notes], notMapped, name, tier };
}
