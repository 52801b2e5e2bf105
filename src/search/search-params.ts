import { BadRequestError } from '../errors/index.js';

/**
 * The parameters of `GET /search`, parsed and validated into {@link SearchParams}.
 *
 * Injection is ruled out by construction, not by filtering: numbers become finite JS numbers,
 * enumerations become keys of fixed tables (the SPARQL terms they stand for are written by the
 * service from those tables, never from the request), and the two free-text fields (`q`,
 * `technique`) are capped in length and only ever reach SPARQL through {@link sparqlString}.
 */

/** The kinds of result a search returns. */
export const SEARCH_TYPES = ['facility', 'instrument', 'model', 'configuration', 'dataset'] as const;
/** One kind of search result. */
export type SearchType = (typeof SEARCH_TYPES)[number];

/**
 * Whether a value (a SPARQL binding, a peer's JSON) names one of the {@link SEARCH_TYPES}.
 * @param value - anything.
 * @returns true for a search type.
 */
export function isSearchType(value: unknown): value is SearchType {
  return typeof value === 'string' && (SEARCH_TYPES as readonly string[]).includes(value);
}

/** Stand types, as `phd:standType` writes them (shapes/records.ttl `sh:in`). */
export const STAND_TYPES = ['upright', 'inverted', 'other'] as const;
/** One stand type. */
export type StandType = (typeof STAND_TYPES)[number];

/**
 * Immersion media a researcher names → the NBO-Q `immersionType` values (shapes/nbo-q.ttl `sh:in`)
 * that satisfy it. "Oil" is also listed because OME-XML writes it for standard immersion oil.
 */
export const IMMERSIONS = {
  oil: { label: 'Oil', values: ['Mineral Oil', 'Oil'] },
  water: { label: 'Water', values: ['Water'] },
  dipping: { label: 'Water dipping', values: ['Dipping'] },
  glycerol: { label: 'Glycerol', values: ['Glycerol'] },
  silicone: { label: 'Silicone oil', values: ['Silicone Oil'] },
  multi: { label: 'Multi-immersion', values: ['Multi'] },
  air: { label: 'Air (dry)', values: ['Air'] },
  other: { label: 'Other', values: ['Other'] },
} as const satisfies Readonly<Record<string, { label: string; values: readonly string[] }>>;
/** One immersion key of {@link IMMERSIONS}. */
export type Immersion = keyof typeof IMMERSIONS;

/**
 * Detector kinds a researcher names → NBO-Q classes (local names in `nboq:`), with the extra
 * condition some need: an EMCCD is an `nboq:CCD` whose `nboq:type` is "EMCCD"; an APD is an
 * `nboq:PhotoDiode` with `nboq:avalanche true`. The class lists are explicit (subclasses included)
 * so that queries need no reasoning.
 */
export const DETECTORS = {
  camera: { label: 'Any camera', classes: ['Camera', 'CCD', 'CMOS', 'IntensifiedCamera', 'AnalogVideo'] },
  cmos: { label: 'CMOS / sCMOS camera', classes: ['CMOS'] },
  ccd: { label: 'CCD camera (incl. EMCCD)', classes: ['CCD'] },
  emccd: { label: 'EMCCD camera', classes: ['CCD'], condition: 'emccd' },
  intensified: { label: 'Intensified camera', classes: ['IntensifiedCamera'] },
  pmt: { label: 'Photomultiplier tube (PMT)', classes: ['PhotoMultiplierTube'] },
  hyd: { label: 'Hybrid detector (HyD)', classes: ['HybridPhotoDetector'] },
  apd: { label: 'Avalanche photodiode (APD)', classes: ['PhotoDiode'], condition: 'apd' },
  photodiode: { label: 'Photodiode', classes: ['PhotoDiode'] },
} as const satisfies Readonly<Record<string, { label: string; classes: readonly string[]; condition?: 'emccd' | 'apd' }>>;
/** One detector key of {@link DETECTORS}. */
export type DetectorKind = keyof typeof DETECTORS;

/** Where a search looks: this instance only, or this instance and its peers. */
export type SearchScope = 'local' | 'federated';

/** A validated, normalized search. */
export interface SearchParams {
  /** Keywords, whitespace collapsed (undefined: no keyword filter). */
  readonly q: string | undefined;
  /** Result types asked for; empty means every type. */
  readonly types: readonly SearchType[];
  readonly standType: StandType | undefined;
  /** Text an instrument's technique must contain (case-insensitive). */
  readonly technique: string | undefined;
  /** Nominal objective magnification (exact). */
  readonly magnification: number | undefined;
  /** Smallest objective numerical aperture accepted. */
  readonly naMin: number | undefined;
  /** Largest objective numerical aperture accepted. */
  readonly naMax: number | undefined;
  readonly immersion: Immersion | undefined;
  /** Light-source peak wavelengths in nm; every one must be present (± {@link tolerance}). */
  readonly wavelengths: readonly number[];
  /** Tolerance of each wavelength, in nm. */
  readonly tolerance: number;
  /** Detector kinds; every one must be present. */
  readonly detectors: readonly DetectorKind[];
  readonly limit: number;
  readonly offset: number;
  readonly scope: SearchScope;
}

/** Limits of the parameters (also shown in the form and the messages). */
export const SEARCH_LIMITS = {
  /** Characters of `q` (after collapsing whitespace). */
  maxQueryLength: 200,
  /** Keywords in `q`. */
  maxWords: 10,
  /** Characters of `technique`. */
  maxTechniqueLength: 100,
  maxWavelengths: 6,
  minWavelength: 200,
  maxWavelength: 2000,
  defaultTolerance: 5,
  maxTolerance: 50,
  maxMagnification: 500,
  maxNa: 2,
  defaultLimit: 20,
  maxLimit: 100,
  maxOffset: 10_000,
  maxDetectors: 4,
} as const;

/** Every parameter `GET /search` reads (`format` is the router's). */
export const SEARCH_PARAMETER_NAMES = [
  'q', 'type', 'standType', 'technique', 'magnification', 'naMin', 'naMax', 'immersion',
  'wavelength', 'tolerance', 'detector', 'limit', 'offset', 'scope', 'format',
] as const;

/** Raw request input: a URL's search parameters, or a parsed query object (`req.query`). */
export type SearchInput = URLSearchParams | Readonly<Record<string, unknown>>;

const TYPE_ALIASES: Readonly<Record<string, SearchType>> = {
  facility: 'facility', facilities: 'facility', core: 'facility',
  instrument: 'instrument', instruments: 'instrument', instance: 'instrument',
  model: 'model', models: 'model',
  configuration: 'configuration', configurations: 'configuration',
  dataset: 'dataset', datasets: 'dataset',
};

const IMMERSION_ALIASES: Readonly<Record<string, Immersion>> = {
  oil: 'oil', 'mineral oil': 'oil', 'mineral-oil': 'oil',
  water: 'water',
  dipping: 'dipping', 'water dipping': 'dipping', 'water-dipping': 'dipping',
  glycerol: 'glycerol', glycerin: 'glycerol', glycerine: 'glycerol',
  silicone: 'silicone', 'silicone oil': 'silicone', 'silicone-oil': 'silicone',
  multi: 'multi', 'multi-immersion': 'multi',
  air: 'air', dry: 'air',
  other: 'other',
};

const DETECTOR_ALIASES: Readonly<Record<string, DetectorKind>> = {
  camera: 'camera', cmos: 'cmos', scmos: 'cmos', ccd: 'ccd', emccd: 'emccd', 'em-ccd': 'emccd',
  intensified: 'intensified', iccd: 'intensified', pmt: 'pmt', photomultiplier: 'pmt',
  hyd: 'hyd', hybrid: 'hyd', apd: 'apd', photodiode: 'photodiode',
};

/** A decimal number as people type it: digits, an optional fraction; no sign, exponent or hex. */
const DECIMAL = /^(?:\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})$/;
/** C0 controls other than the whitespace a text field may hold, DEL, C1 controls, lone surrogates. */
const FORBIDDEN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/**
 * Parses and validates the parameters of `GET /search`. Empty values (as an HTML form sends for
 * untouched fields) count as absent.
 *
 * @param input - the request's query parameters.
 * @returns the normalized search.
 * @throws BadRequestError (400, code `invalid-search-parameter`) naming the offending field in
 *   `details.field`, for an unknown parameter, a repeated single-valued one, a value that is not a
 *   number where one is expected, out of range, or not one of the allowed values.
 * @example
 * parseSearchParams(new URLSearchParams('magnification=63&naMin=1.4&immersion=oil&wavelength=405'));
 * // { magnification: 63, naMin: 1.4, immersion: 'oil', wavelengths: [405], tolerance: 5, … }
 */
export function parseSearchParams(input: SearchInput): SearchParams {
  const raw = collect(input);
  for (const name of raw.keys()) {
    if (!(SEARCH_PARAMETER_NAMES as readonly string[]).includes(name)) {
      throw invalid(name, `Unknown search parameter "${clip(name)}". Known parameters: ${SEARCH_PARAMETER_NAMES.join(', ')}.`);
    }
  }
  const one = (name: string): string | undefined => {
    const values = raw.get(name) ?? [];
    if (values.length > 1) throw invalid(name, `The "${name}" parameter may be given once, not ${values.length} times.`);
    return values[0];
  };
  const many = (name: string): string[] => (raw.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

  const q = text(one('q'), 'q', SEARCH_LIMITS.maxQueryLength);
  if (q !== undefined && keywords(q).length > SEARCH_LIMITS.maxWords) {
    throw invalid('q', `Use at most ${SEARCH_LIMITS.maxWords} keywords in "q"; facets (magnification, wavelength, detector…) narrow a search further.`);
  }
  const types = unique(many('type').map((v) => choice(v, 'type', TYPE_ALIASES, SEARCH_TYPES)));
  const standType = optional(one('standType'), (v) => choice(v, 'standType', Object.fromEntries(STAND_TYPES.map((s) => [s, s])), STAND_TYPES));
  const technique = text(one('technique'), 'technique', SEARCH_LIMITS.maxTechniqueLength);
  const magnification = optional(one('magnification'), (v) => decimal(v, 'magnification', { min: 0, max: SEARCH_LIMITS.maxMagnification, exclusiveMin: true, suffix: /x$/i, example: '63' }));
  const naMin = optional(one('naMin'), (v) => decimal(v, 'naMin', { min: 0, max: SEARCH_LIMITS.maxNa, example: '1.4' }));
  const naMax = optional(one('naMax'), (v) => decimal(v, 'naMax', { min: 0, max: SEARCH_LIMITS.maxNa, example: '1.45' }));
  if (naMin !== undefined && naMax !== undefined && naMin > naMax) {
    throw invalid('naMax', `naMax (${naMax}) must not be smaller than naMin (${naMin}).`);
  }
  const immersion = optional(one('immersion'), (v) => choice(v, 'immersion', IMMERSION_ALIASES, Object.keys(IMMERSIONS)));
  const wavelengths = unique(many('wavelength').map((v) => decimal(v, 'wavelength', {
    min: SEARCH_LIMITS.minWavelength, max: SEARCH_LIMITS.maxWavelength, suffix: /\s*nm$/i, example: '405',
  })));
  if (wavelengths.length > SEARCH_LIMITS.maxWavelengths) {
    throw invalid('wavelength', `Give at most ${SEARCH_LIMITS.maxWavelengths} wavelengths; each one must be present on the instrument.`);
  }
  const tolerance = optional(one('tolerance'), (v) => decimal(v, 'tolerance', { min: 0, max: SEARCH_LIMITS.maxTolerance, suffix: /\s*nm$/i, example: '5' }))
    ?? SEARCH_LIMITS.defaultTolerance;
  const detectors = unique(many('detector').map((v) => choice(v, 'detector', DETECTOR_ALIASES, Object.keys(DETECTORS))));
  if (detectors.length > SEARCH_LIMITS.maxDetectors) {
    throw invalid('detector', `Give at most ${SEARCH_LIMITS.maxDetectors} detector kinds.`);
  }
  const limit = optional(one('limit'), (v) => integer(v, 'limit', 1, SEARCH_LIMITS.maxLimit)) ?? SEARCH_LIMITS.defaultLimit;
  const offset = optional(one('offset'), (v) => integer(v, 'offset', 0, SEARCH_LIMITS.maxOffset)) ?? 0;
  const scope = optional(one('scope'), (v) => choice<SearchScope>(v, 'scope', { local: 'local', federated: 'federated' }, ['local', 'federated'])) ?? 'local';
  if (scope === 'federated' && offset + limit > SEARCH_LIMITS.maxLimit) {
    // Every peer is asked for the first offset + limit results to merge them; peers answer at most maxLimit.
    throw invalid('offset', `A federated search pages through its first ${SEARCH_LIMITS.maxLimit} merged results: offset + limit must be at most ${SEARCH_LIMITS.maxLimit}. Narrow the search with keywords or facets.`);
  }
  const format = one('format');
  if (format !== undefined && format !== 'html' && format !== 'json') {
    throw invalid('format', `format must be "html" or "json", not "${clip(format)}".`);
  }
  return { q, types, standType, technique, magnification, naMin, naMax, immersion, wavelengths, tolerance, detectors, limit, offset, scope };
}

/**
 * The keywords of a query: lower-cased (as SPARQL `LCASE` compares), split on whitespace, each once.
 * @param q - the normalized query text.
 * @returns the keywords, in order of first appearance.
 */
export function keywords(q: string | undefined): string[] {
  if (q === undefined) return [];
  return unique(q.toLowerCase().split(/\s+/u).filter((w) => w !== ''));
}

/**
 * Whether a search constrains instruments (stand type, technique or hardware): such facets can
 * only be met by instruments and the facilities (and, for stand type and technique, the models)
 * they belong to.
 * @param params - the search.
 * @returns true when any instrument facet is set.
 */
export function hasInstrumentFacets(params: SearchParams): boolean {
  return params.standType !== undefined || params.technique !== undefined || hasHardwareFacets(params);
}

/**
 * Whether a search constrains the hardware of the current configuration (objective, light sources,
 * detectors).
 * @param params - the search.
 * @returns true when any hardware facet is set.
 */
export function hasHardwareFacets(params: SearchParams): boolean {
  return params.magnification !== undefined || params.naMin !== undefined || params.naMax !== undefined
    || params.immersion !== undefined || params.wavelengths.length > 0 || params.detectors.length > 0;
}

/**
 * Whether a search has no criterion at all (no keywords, no type, no facet).
 * @param params - the search.
 * @returns true for the empty search.
 */
export function isEmptySearch(params: SearchParams): boolean {
  return params.q === undefined && params.types.length === 0 && !hasInstrumentFacets(params);
}

/**
 * Writes a search back as URL parameters, omitting defaults, in a stable order: for links
 * (pagination) and for asking peers the same question.
 * @param params - the search.
 * @param overrides - values to change (e.g. `{ offset: 20 }` or `{ scope: 'local' }`).
 * @returns the parameters; `toString()` gives the query string.
 */
export function searchQuery(params: SearchParams, overrides: Partial<SearchParams> = {}): URLSearchParams {
  const p = { ...params, ...overrides };
  const out = new URLSearchParams();
  if (p.q !== undefined) out.set('q', p.q);
  for (const type of p.types) out.append('type', type);
  if (p.standType !== undefined) out.set('standType', p.standType);
  if (p.technique !== undefined) out.set('technique', p.technique);
  if (p.magnification !== undefined) out.set('magnification', String(p.magnification));
  if (p.naMin !== undefined) out.set('naMin', String(p.naMin));
  if (p.naMax !== undefined) out.set('naMax', String(p.naMax));
  if (p.immersion !== undefined) out.set('immersion', p.immersion);
  for (const nm of p.wavelengths) out.append('wavelength', String(nm));
  if (p.wavelengths.length > 0 && p.tolerance !== SEARCH_LIMITS.defaultTolerance) out.set('tolerance', String(p.tolerance));
  for (const detector of p.detectors) out.append('detector', detector);
  if (p.limit !== SEARCH_LIMITS.defaultLimit) out.set('limit', String(p.limit));
  if (p.offset !== 0) out.set('offset', String(p.offset));
  if (p.scope !== 'local') out.set('scope', p.scope);
  return out;
}

/**
 * Writes text as a SPARQL string literal (`"…"`). Backslash, quotes and the line and tab controls
 * get their ECHAR escapes; other control characters become `\uXXXX` (never one that could decode
 * to a quote, backslash or line break, so code-point-escape processing cannot end the literal).
 * This is the only way user text reaches a query.
 * @param value - any text.
 * @returns the literal, quotes included.
 * @example
 * sparqlString('x" . ?s ?p ?o FILTER("'); // '"x\\" . ?s ?p ?o FILTER(\\""'
 */
export function sparqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      case "'": out += "\\'"; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      default:
        if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029) {
          out += `\\u${code.toString(16).padStart(4, '0').toUpperCase()}`;
        } else {
          out += ch;
        }
    }
  }
  return `${out}"`;
}

/**
 * Writes a number as a SPARQL numeric literal (plain decimal notation, never an exponent).
 * @param value - a finite number.
 * @returns the literal, e.g. `405` or `1.4`.
 * @throws RangeError for NaN or an infinity (a programming error: parsed parameters are finite).
 */
export function sparqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // toFixed writes an exponent from 1e21 on; integers that large are exact as BigInt.
  if (Math.abs(value) >= 1e21) return BigInt(value).toString();
  return value.toFixed(12).replace(/\.?0+$/, '');
}

// ------------------------------------------------------------------------------------------------

/** Gathers every value of every parameter as strings; anything else (a nested object) is refused. */
function collect(input: SearchInput): Map<string, string[]> {
  const raw = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    if (value.trim() === '') return;
    raw.set(name, [...(raw.get(name) ?? []), value]);
  };
  if (input instanceof URLSearchParams) {
    for (const [name, value] of input) {
      if (!raw.has(name)) raw.set(name, []);
      add(name, value);
    }
  } else {
    for (const [name, value] of Object.entries(input)) {
      if (!raw.has(name)) raw.set(name, []);
      const values = Array.isArray(value) ? (value as unknown[]) : [value];
      for (const v of values) {
        if (typeof v !== 'string') throw invalid(name, `The "${clip(name)}" parameter must be plain text.`);
        add(name, v);
      }
    }
  }
  for (const [name, values] of raw) if (values.length === 0) raw.delete(name);
  return raw;
}

function invalid(field: string, message: string, extra: Readonly<Record<string, unknown>> = {}): BadRequestError {
  return new BadRequestError(message, { code: 'invalid-search-parameter', details: { field: clip(field), ...extra } });
}

/** Shortens user text quoted in a message, with controls shown as spaces. */
function clip(value: string): string {
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f]/gu, ' ');
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

function optional<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Free text: NFC, whitespace collapsed, no control characters, at most `max` characters. */
function text(value: string | undefined, field: string, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (FORBIDDEN_TEXT.test(value)) throw invalid(field, `"${field}" contains control characters; send plain text.`);
  const normalized = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (normalized === '') return undefined;
  // Counted in code points, as people count characters (an emoji is one, not two UTF-16 units).
  const length = Array.from(normalized).length;
  if (length > max) throw invalid(field, `"${field}" may be at most ${max} characters long (it has ${length}).`, { maxLength: max });
  return normalized;
}

function choice<T extends string>(value: string, field: string, aliases: Readonly<Record<string, T>>, allowed: readonly string[]): T {
  const key = value.trim().toLowerCase().replace(/\s+/g, ' ');
  const found = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
  if (found === undefined) {
    throw invalid(field, `"${clip(value)}" is not a valid ${field}; use one of: ${allowed.join(', ')}.`, { allowed });
  }
  return found;
}

interface DecimalRule {
  readonly min: number;
  readonly max: number;
  readonly exclusiveMin?: boolean;
  /** A unit people may append (`63x`, `405 nm`). */
  readonly suffix?: RegExp;
  readonly example: string;
}

function decimal(value: string, field: string, rule: DecimalRule): number {
  const bare = value.trim().replace(rule.suffix ?? /$^/, '').trim();
  const number = DECIMAL.test(bare) ? Number(bare) : Number.NaN;
  const range = rule.exclusiveMin === true ? `greater than ${rule.min} and at most ${rule.max}` : `from ${rule.min} to ${rule.max}`;
  if (!Number.isFinite(number)) {
    throw invalid(field, `${field} must be a number (e.g. ${rule.example}), not "${clip(value)}".`, { min: rule.min, max: rule.max });
  }
  if (number < rule.min || number > rule.max || (rule.exclusiveMin === true && number === rule.min)) {
    throw invalid(field, `${field} must be a number ${range}; ${number} is out of range.`, { min: rule.min, max: rule.max });
  }
  return number;
}

function integer(value: string, field: string, min: number, max: number): number {
  const bare = value.trim();
  const number = /^\d{1,7}$/.test(bare) ? Number(bare) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw invalid(field, `${field} must be a whole number from ${min} to ${max}, not "${clip(value)}".`, { min, max });
  }
  return number;
}
