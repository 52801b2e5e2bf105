/**
 * Reads the Micro-Meta App 2.01 schema files and builds the NBO-Q layer's specification:
 * one class per schema (in a subclass tree), one property per field, units, enumerations, tiers.
 *
 * Both the ontology/shape generator and the sample-data builder use it, so the mapping
 * from Micro-Meta App field to RDF term is written once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NBOQ_NS, PHD_NS, PREFIXES } from '../../src/domain/namespaces.js';
import { canonicalUnitFor, kindOfUnitEnum, sharedUnitField } from '../../src/domain/units.js';
import { humanize } from '../../src/domain/labels.js';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean';

export interface FieldSpec {
  /** The Micro-Meta App field name. */
  readonly field: string;
  /** Full IRI of the property. */
  readonly property: string;
  readonly kind: 'literal' | 'unit' | 'link' | 'child';
  readonly datatype?: JsonType;
  readonly enumValues?: readonly string[];
  /** Class IRI of linked or child nodes. */
  readonly target?: string;
  readonly many: boolean;
  readonly tier: number;
  readonly description: string;
  /** Quantity kind key, for unit fields and for numeric fields that have a unit field. */
  readonly unitKind?: string;
  /** For a unit field: the value field it qualifies. For a value field: its unit field. */
  readonly partner?: string;
  /** For a numeric value field with a convertible unit: the canonical-value property IRI and unit. */
  readonly canonical?: { readonly property: string; readonly unit: string; readonly suffix: string };
  readonly defaultValue?: string | number | boolean;
}

export interface ClassSpec {
  readonly schemaId: string;
  readonly iri: string;
  readonly local: string;
  readonly title: string;
  readonly description: string;
  readonly tier: number;
  readonly extension: string;
  readonly domain: string;
  readonly category: string;
  /** Direct superclass IRIs. */
  readonly parents: readonly string[];
  readonly fields: readonly FieldSpec[];
  /** Required field names (schema `required`, deduplicated, bookkeeping fields removed). */
  readonly required: readonly string[];
}

export interface AbstractClassSpec {
  readonly iri: string;
  readonly local: string;
  readonly label: string;
  readonly parent: string;
}

export interface NboqSpec {
  readonly modelVersion: string;
  readonly classes: readonly ClassSpec[];
  readonly abstractClasses: readonly AbstractClassSpec[];
}

interface SchemaProperty {
  type?: string;
  description?: string;
  tier?: number;
  enum?: string[];
  linkTo?: string;
  default?: string | number | boolean;
  readonly?: boolean;
  items?: SchemaProperty & { properties?: Record<string, SchemaProperty>; required?: string[] };
}

interface SchemaFile {
  ID: string;
  modelVersion: string;
  title: string;
  description: string;
  tier: number;
  extension?: string;
  domain?: string;
  category?: string;
  subCategoriesOrder: Record<string, string>;
  properties: Record<string, SchemaProperty>;
  required: string[];
}

/** Fields mapped to widely used terms instead of minting our own. */
const REUSED_FIELDS: Readonly<Record<string, string>> = {
  ID: `${PREFIXES.dcterms}identifier`,
  Name: `${PREFIXES.rdfs}label`,
  Description: `${PREFIXES.dcterms}description`,
  // The schema tier of an element: named apart from the nboq:tier annotation property.
  Tier: `${NBOQ_NS}elementTier`,
};

/** Fields that are Micro-Meta App bookkeeping, not hardware facts: never required of our records. */
const BOOKKEEPING_FIELDS = new Set(['Tier']);

/** linkTo names that are not schema IDs. */
const LINK_ALIASES: Readonly<Record<string, string>> = {
  Aperture: `${NBOQ_NS}OpticalAperture`,
  Experimenter: `${PHD_NS}Person`,
  LightSensor: `${NBOQ_NS}LightSensor`,
};

/** Ancestor chain for schemas whose subCategoriesOrder names none. */
const CATEGORY_ANCESTORS: Readonly<Record<string, readonly string[]>> = {
  MicroscopeStand: ['MicroscopeStand'],
  MicroscopyAccessories: ['MicroscopyAccessory'],
  CalibrationTools: ['CalibrationTool'],
  AdditionalOptics: ['AdditionalOptics'],
  Software: ['Software'],
  'SamplePositioning.Focusing': ['SamplePositioning', 'FocusingDevice'],
  'SamplePositioning.Stage': ['SamplePositioning', 'Stage'],
};

/** Human labels for the abstract classes (split CamelCase otherwise). */
const ABSTRACT_LABELS: Readonly<Record<string, string>> = {
  FluorescenceLightSource: 'fluorescence light source',
  TransmittedLightSource: 'transmitted light source',
  WavelengthRangeSettingsType: 'wavelength range settings',
  LightSensor: 'light sensor',
};

/** Roots of the tree by Micro-Meta App domain. */
function rootOf(schema: SchemaFile): string {
  if (schema.category === 'ChildElement') return `${NBOQ_NS}ChildElement`;
  switch (schema.domain) {
    case 'MicroscopeHardwareSpecifications':
    case 'MicroscopeSpecifications':
      return `${PHD_NS}Component`;
    case 'ImageAcquisitionSettings':
      return `${NBOQ_NS}AcquisitionSettings`;
    case 'Experimental':
      return `${NBOQ_NS}SamplePreparation`;
    default:
      throw new Error(`Schema ${schema.ID}: unknown domain ${String(schema.domain)}`);
  }
}

/**
 * Lower-camel-cases a Micro-Meta App field name: `LensNA` → `lensNA`, `CO2Percent` → `co2Percent`,
 * `FWHMBandwidth` → `fwhmBandwidth`, `ID` → `id`.
 * @param field - the field name.
 * @returns the property local name.
 */
export function propertyLocalName(field: string): string {
  const match = /^([A-Z0-9]+)(?=[A-Z][a-z]|$)/.exec(field);
  if (match && match[1] !== undefined && match[1].length > 1) {
    return match[1].toLowerCase() + field.slice(match[1].length);
  }
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/** Class local name for a schema ID: the ID without `.json` (`Z-Drive` stays as is: a valid local name). */
export function classLocalName(schemaId: string): string {
  return schemaId.replace(/\.json$/, '');
}


/**
 * Label for a class or abstract class.
 * @param local - local name.
 * @returns a lower-case label.
 */
export function classLabel(local: string): string {
  return ABSTRACT_LABELS[local] ?? humanize(local).replace(/^(fluorescence|transmitted) light source /, '$1 ');
}

/**
 * Loads and maps every schema file in a directory.
 * @param schemasDir - directory holding the Micro-Meta App `*.json` schemas.
 * @returns the specification of the NBO-Q layer.
 */
export function loadNboqSpec(schemasDir: string): NboqSpec {
  const files = readdirSync(schemasDir).filter((name) => name.endsWith('.json')).sort();
  const schemas = files.map((name) => JSON.parse(readFileSync(join(schemasDir, name), 'utf8')) as SchemaFile);
  const schemaIds = new Set(schemas.map((s) => classLocalName(s.ID)));
  const versions = new Set(schemas.map((s) => s.modelVersion));
  if (versions.size !== 1) throw new Error(`Mixed model versions: ${[...versions].join(', ')}`);

  const abstract = new Map<string, AbstractClassSpec>();
  const childFields = new Map<string, Map<string, FieldSpec>>();
  const classes: ClassSpec[] = [];

  const linkTarget = (name: string): string => {
    const alias = LINK_ALIASES[name];
    if (alias !== undefined) return alias;
    if (schemaIds.has(name)) return `${NBOQ_NS}${name}`;
    return `${NBOQ_NS}${name}`; // an abstract class (Lens, Filter, MirroringDevice); checked below
  };

  for (const schema of schemas) {
    const local = classLocalName(schema.ID);
    if (local === 'Instrument') {
      classes.push(buildClass(schema, local, [], linkTarget, childFields));
      continue;
    }
    const parents = ancestorChain(schema);
    let parent = rootOf(schema);
    for (const name of parents) {
      if (schemaIds.has(name)) throw new Error(`Abstract class ${name} collides with a schema ID`);
      const existing = abstract.get(name);
      const iri = `${NBOQ_NS}${name}`;
      if (existing === undefined) abstract.set(name, { iri, local: name, label: classLabel(name), parent });
      else if (existing.parent !== parent) {
        throw new Error(`Abstract class ${name} has two parents: ${existing.parent} and ${parent}`);
      }
      parent = iri;
    }
    classes.push(buildClass(schema, local, [parent], linkTarget, childFields));
  }

  // Link targets that are neither schemas nor abstract classes seen in chains get declared too.
  if (!abstract.has('LightSensor')) {
    abstract.set('LightSensor', { iri: `${NBOQ_NS}LightSensor`, local: 'LightSensor', label: classLabel('LightSensor'), parent: `${PHD_NS}Component` });
  }
  for (const cls of classes) {
    for (const field of cls.fields) {
      if (field.target === undefined || !field.target.startsWith(NBOQ_NS)) continue;
      const name = field.target.slice(NBOQ_NS.length);
      if (!schemaIds.has(name) && !abstract.has(name)) {
        throw new Error(`${cls.schemaId}.${field.field} links to unknown class ${name}`);
      }
    }
  }

  // Fields defined only inline in a parent's array items join the child class.
  const merged = classes.map((cls) => {
    const extra = childFields.get(cls.local);
    if (extra === undefined) return cls;
    const own = new Set(cls.fields.map((f) => f.field));
    return { ...cls, fields: [...cls.fields, ...[...extra.values()].filter((f) => !own.has(f.field))] };
  });

  return {
    modelVersion: [...versions][0] ?? '',
    classes: merged,
    abstractClasses: [...abstract.values()].sort((a, b) => a.local.localeCompare(b.local)),
  };
}

function ancestorChain(schema: SchemaFile): string[] {
  const order = Object.keys(schema.subCategoriesOrder).filter((k) => k !== 'General' && k !== 'ManufacturerSpec');
  const self = order.indexOf(schema.title);
  let chain = self > 0 ? order.slice(0, self) : [];
  if (chain.length === 0) chain = [...(CATEGORY_ANCESTORS[schema.category ?? ''] ?? [])];
  if (schema.category === 'Fluorescence_LightSource') chain = ['LightSource', 'FluorescenceLightSource'];
  if (schema.category === 'Transmitted_LightSource') chain = ['LightSource', 'TransmittedLightSource'];
  return chain;
}

function buildClass(
  schema: SchemaFile,
  local: string,
  parents: string[],
  linkTarget: (name: string) => string,
  childFields: Map<string, Map<string, FieldSpec>>,
): ClassSpec {
  const names = Object.keys(schema.properties);
  const fields: FieldSpec[] = [];
  for (const name of names) {
    const prop = schema.properties[name];
    if (prop === undefined) continue;
    fields.push(fieldSpec(name, prop, names, linkTarget));
    const itemProps = prop.type === 'array' ? prop.items?.properties : undefined;
    if (itemProps !== undefined) {
      const bucket = childFields.get(name) ?? new Map<string, FieldSpec>();
      const itemNames = Object.keys(itemProps);
      for (const [itemName, itemProp] of Object.entries(itemProps)) {
        if (!bucket.has(itemName)) bucket.set(itemName, fieldSpec(itemName, itemProp, itemNames, linkTarget));
      }
      childFields.set(name, bucket);
    }
  }
  const required = [...new Set(schema.required)].filter((f) => names.includes(f) && !BOOKKEEPING_FIELDS.has(f));
  return {
    schemaId: schema.ID,
    iri: `${NBOQ_NS}${local}`,
    local,
    title: schema.title,
    description: schema.description.trim(),
    tier: schema.tier,
    extension: (schema.extension ?? '').trim(),
    domain: schema.domain ?? '',
    category: schema.category ?? '',
    parents,
    fields,
    required,
  };
}

function unitPartner(unitField: string, siblings: readonly string[]): string | undefined {
  const base = unitField.replace(/Unit$/, '');
  if (siblings.includes(base)) return base;
  if (siblings.includes(`I${base}`)) return `I${base}`; // the schemas' typo `lluminationPowerSettingsUnit`
  return undefined;
}

function fieldSpec(
  name: string,
  prop: SchemaProperty,
  siblings: readonly string[],
  linkTarget: (name: string) => string,
): FieldSpec {
  const property = REUSED_FIELDS[name] ?? `${NBOQ_NS}${propertyLocalName(name)}`;
  const rawDescription = (prop.description ?? prop.items?.description ?? '').trim();
  const tier = prop.tier ?? prop.items?.tier ?? 1;
  const base = { field: name, property, tier };
  if (prop.type === 'array') {
    const items = prop.items ?? {};
    if (items.linkTo !== undefined) {
      return { ...base, kind: 'link', target: linkTarget(items.linkTo), many: true, description: rawDescription };
    }
    if (items.properties !== undefined) {
      return { ...base, kind: 'child', target: `${NBOQ_NS}${name}`, many: true, description: rawDescription || `The ${humanize(name)} elements of this component.` };
    }
    throw new Error(`Array field ${name} has neither linkTo nor properties`);
  }
  if (prop.linkTo !== undefined) {
    return { ...base, kind: 'link', target: linkTarget(prop.linkTo), many: false, description: rawDescription || `Reference to a ${humanize(prop.linkTo)}.` };
  }
  const datatype = prop.type as JsonType;
  if (!['string', 'number', 'integer', 'boolean'].includes(datatype)) throw new Error(`Field ${name}: type ${String(prop.type)}`);
  const withDefault = prop.default === undefined ? {} : { defaultValue: prop.default };
  if (name.endsWith('Unit') && prop.enum !== undefined) {
    const partner = unitPartner(name, siblings);
    const unitKind = kindOfUnitEnum(prop.enum);
    const description = rawDescription && rawDescription !== 'NA'
      ? rawDescription
      : `The unit of ${partner === undefined ? humanize(name.replace(/Unit$/, '')) : humanize(partner)}.`;
    return { ...base, ...withDefault, kind: 'unit', datatype, enumValues: prop.enum, many: false, unitKind, description, ...(partner ? { partner } : {}) };
  }
  const unitName =
    siblings.find((s) => s.endsWith('Unit') && unitPartner(s, siblings) === name) ?? sharedUnitField(name, siblings);
  const enumValues = prop.enum === undefined ? {} : { enumValues: prop.enum };
  if (unitName !== undefined && (datatype === 'number' || datatype === 'integer')) {
    return { ...base, ...withDefault, ...enumValues, kind: 'literal', datatype, many: false, description: rawDescription, partner: unitName };
  }
  return { ...base, ...withDefault, ...enumValues, kind: 'literal', datatype, many: false, description: rawDescription };
}

/**
 * Completes quantity fields with their unit kind and canonical-value property, once all fields
 * of a class are known (the unit field may come after the value field).
 * @param cls - a class spec.
 * @returns the fields, quantity fields completed.
 */
export function quantityFields(cls: ClassSpec): FieldSpec[] {
  return cls.fields.map((field) => {
    if (field.kind !== 'literal' || field.partner === undefined) return field;
    const unit = cls.fields.find((f) => f.field === field.partner);
    if (unit?.unitKind === undefined) return field;
    const kind = unit.unitKind;
    const local = field.property.slice(field.property.lastIndexOf('#') + 1);
    const canonical = canonicalUnitFor(kind, field.field);
    if (canonical === undefined) return { ...field, unitKind: kind };
    return {
      ...field,
      unitKind: kind,
      canonical: { property: `${NBOQ_NS}${local}_${canonical.suffix}`, unit: canonical.unit, suffix: canonical.suffix },
    };
  });
}

