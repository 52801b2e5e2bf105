import { sameJson } from './json.js';
import type { JsonObject, JsonValue } from './json.js';

/**
 * The name of a configuration whose Micro-Meta App file gives none: the importer stores it as the
 * configuration's label, and an export writes it as the file's `Name` when the facts hold no label.
 */
export const DEFAULT_CONFIGURATION_NAME = 'Hardware configuration';

/**
 * What one object of a Micro-Meta App file (the file itself, the stand, a component) held that its
 * hardware facts do not give back, compared with the object an export writes from the facts alone.
 */
export interface ObjectPresentation {
  /** The object's keys in the file's order. */
  readonly keys: string[];
  /** Values as the file wrote them, where the facts give another value or none. */
  readonly file: JsonObject;
  /**
   * For each key of `file` that the facts gave a value at import: that value. A hardware field keeps
   * the file's spelling only while the facts still give this value (a later edit of the facts wins);
   * presentation fields (layout, form counters, versions) always keep the file's value.
   */
  readonly facts: JsonObject;
  /** Keys the facts gave that the file did not have, with the value they gave: left out while unchanged. */
  readonly omitted: JsonObject;
  /** The stand, when the file and the facts both have one. */
  readonly stand?: ObjectPresentation;
  /** `linkedFields`, entry by entry, when the file and the facts both have them. */
  readonly linkedFields?: ObjectPresentation;
  /** The `components` array, in the file's order. */
  readonly components?: ComponentsPresentation;
}

/** The `components` array of a file: each entry matched to a component of the facts by ID, or kept whole. */
export interface ComponentsPresentation {
  /** In the file's order: a component of the facts (by `ID`) with its presentation, or an entry the facts do not hold, as written. */
  readonly items: ({ readonly id: string; readonly presentation: ObjectPresentation } | { readonly whole: JsonValue })[];
  /** IDs of components the facts gave that the file did not have in its array (e.g. its stand): left out while present. */
  readonly omitted: string[];
}

/** Keys Micro-Meta App writes to draw and manage the microscope, not facts about the hardware. */
const PRESENTATION_KEY = /^(PositionX|PositionY|PositionZ|Width|Height|OffsetX|OffsetY|OccupiedSpot|occupiedSpot|Rotate|ZoomLevel|ScalingFactor|ValidationTier|ModelVersion|AppVersion)$|^(Current|Min|Max)_Number_Of_/;

/**
 * Whether a key of a Micro-Meta App file is presentation (canvas layout, form counters, the
 * file's app and model versions) rather than a fact about the hardware.
 * @param key - a key of the file, its stand or a component.
 * @returns true for presentation keys.
 */
export function isPresentationKey(key: string): boolean {
  return PRESENTATION_KEY.test(key);
}

/** The own property of an object (never one inherited from Object.prototype, for keys such as "constructor"). */
function own(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The ID of a component as a string, as the facts keep it (`dcterms:identifier`). */
function idOf(value: JsonValue | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const id = own(value, 'ID');
  return typeof id === 'string' ? id : typeof id === 'number' || typeof id === 'boolean' ? String(id) : undefined;
}

/** Builds an object from entries with own properties only (a "__proto__" key stays a key). */
function fromEntries(entries: [string, JsonValue][]): JsonObject {
  return Object.fromEntries<JsonValue>(entries);
}

/**
 * The presentation of a file: what it holds beyond the object an export writes from its facts.
 * By construction `applyPresentation(derived, presentationOf(derived, file))` equals `file`.
 * @param derived - what the export writes from the facts alone.
 * @param file - the file as imported.
 * @returns the presentation, a JSON value to keep with the configuration.
 */
export function presentationOf(derived: JsonObject, file: JsonObject): ObjectPresentation {
  return objectPresentation(derived, file, true);
}

function objectPresentation(derived: JsonObject, file: JsonObject, top: boolean): ObjectPresentation {
  const keys = Object.keys(file);
  const kept: [string, JsonValue][] = [];
  const facts: [string, JsonValue][] = [];
  let stand: ObjectPresentation | undefined;
  let linkedFields: ObjectPresentation | undefined;
  let components: ComponentsPresentation | undefined;
  for (const key of keys) {
    const original = own(file, key) as JsonValue;
    const fact = own(derived, key);
    if (top && key === 'components' && Array.isArray(original) && Array.isArray(fact)) {
      components = componentsPresentation(fact, original);
    } else if (top && key === 'MicroscopeStand' && isObject(original) && isObject(fact)) {
      stand = objectPresentation(fact, original, false);
    } else if (top && key === 'linkedFields' && isObject(original) && isObject(fact)) {
      linkedFields = objectPresentation(fact, original, false);
    } else if (!sameJson(fact, original)) {
      kept.push([key, original]);
      if (fact !== undefined) facts.push([key, fact]);
    }
  }
  const omitted = Object.keys(derived).filter((key) => !Object.hasOwn(file, key)).map((key): [string, JsonValue] => [key, own(derived, key) as JsonValue]);
  return {
    keys,
    file: fromEntries(kept),
    facts: fromEntries(facts),
    omitted: fromEntries(omitted),
    ...(stand === undefined ? {} : { stand }),
    ...(linkedFields === undefined ? {} : { linkedFields }),
    ...(components === undefined ? {} : { components }),
  };
}

function componentsPresentation(derived: JsonValue[], file: JsonValue[]): ComponentsPresentation {
  const used = new Set<number>();
  const items = file.map((entry): ComponentsPresentation['items'][number] => {
    const id = idOf(entry);
    const index = id === undefined ? -1 : derived.findIndex((candidate, i) => !used.has(i) && idOf(candidate) === id);
    const match = derived[index];
    if (id === undefined || !isObject(entry) || !isObject(match)) return { whole: entry };
    used.add(index);
    return { id, presentation: objectPresentation(match, entry, false) };
  });
  const omitted = derived.flatMap((entry, i) => (used.has(i) ? [] : [idOf(entry) ?? '']));
  return { items, omitted };
}

/**
 * Writes a file back with its presentation: the object the export wrote from the facts, with the
 * file's key order, layout and spellings restored where the facts still say what they said at
 * import. Facts added since (a component, a field) are written after what the file had.
 * @param derived - what the export writes from the facts.
 * @param presentation - the presentation kept at import.
 * @returns the file.
 */
export function applyPresentation(derived: JsonObject, presentation: ObjectPresentation): JsonObject {
  return applyObject(derived, presentation, true);
}

function applyObject(derived: JsonObject, presentation: ObjectPresentation, top: boolean): JsonObject {
  const entries: [string, JsonValue][] = [];
  const order = [...presentation.keys, ...Object.keys(derived).filter((key) => !presentation.keys.includes(key))];
  for (const key of order) {
    const fact = own(derived, key);
    let value: JsonValue | undefined = fact;
    if (top && key === 'components' && presentation.components !== undefined && Array.isArray(fact)) {
      value = applyComponents(fact, presentation.components);
    } else if (top && key === 'MicroscopeStand' && presentation.stand !== undefined && isObject(fact)) {
      value = applyObject(fact, presentation.stand, false);
    } else if (top && key === 'linkedFields' && presentation.linkedFields !== undefined && isObject(fact)) {
      value = applyObject(fact, presentation.linkedFields, false);
    } else if (Object.hasOwn(presentation.file, key)) {
      if (isPresentationKey(key) || sameJson(fact, own(presentation.facts, key))) value = own(presentation.file, key);
    } else if (Object.hasOwn(presentation.omitted, key) && (isPresentationKey(key) || sameJson(fact, own(presentation.omitted, key)))) {
      value = undefined;
    }
    if (value !== undefined) entries.push([key, value]);
  }
  return fromEntries(entries);
}

function applyComponents(derived: JsonValue[], presentation: ComponentsPresentation): JsonValue[] {
  const used = new Set<number>();
  const out: JsonValue[] = [];
  for (const item of presentation.items) {
    if ('whole' in item) {
      out.push(item.whole);
      continue;
    }
    const index = derived.findIndex((candidate, i) => !used.has(i) && idOf(candidate) === item.id);
    const match = derived[index];
    // A component removed from the facts since is not written back.
    if (!isObject(match)) continue;
    used.add(index);
    out.push(applyObject(match, item.presentation, false));
  }
  const omitted = [...presentation.omitted];
  derived.forEach((entry, i) => {
    if (used.has(i)) return;
    const at = omitted.indexOf(idOf(entry) ?? '');
    if (at >= 0) omitted.splice(at, 1);
    else out.push(entry);
  });
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether a parsed JSON value has the shape of an {@link ObjectPresentation} (a literal written by
 * hand, or by another version of the service, may not): an export falls back to the facts alone.
 * @param value - the parsed literal.
 * @returns whether {@link applyPresentation} can use it.
 */
export function isObjectPresentation(value: unknown): value is ObjectPresentation {
  if (!isPlainObject(value)) return false;
  const { keys, file, facts, omitted, stand, components } = value;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string') || !isPlainObject(file) || !isPlainObject(facts) || !isPlainObject(omitted)) return false;
  if (stand !== undefined && !isObjectPresentation(stand)) return false;
  if (value.linkedFields !== undefined && !isObjectPresentation(value.linkedFields)) return false;
  if (components === undefined) return true;
  if (!isPlainObject(components) || !Array.isArray(components.omitted) || !components.omitted.every((id) => typeof id === 'string') || !Array.isArray(components.items)) return false;
  return components.items.every((item: unknown) =>
    isPlainObject(item) && (Object.hasOwn(item, 'whole') || (typeof item.id === 'string' && isObjectPresentation(item.presentation))));
}
