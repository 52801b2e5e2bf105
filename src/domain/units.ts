import { UNIT_NS } from './namespaces.js';
/**
 * The unit table of the NBO-Q layer.
 *
 * Micro-Meta App writes units as symbols in a sibling `…Unit` field (`"µm"`, `"mW"`, `"°C"`).
 * We name every unit by an IRI in our unit namespace (QUDT-style local names such as `MicroM`),
 * give it its UCUM code and symbol, and align it with `skos:exactMatch` to the QUDT unit where
 * one is known to exist. Each unit of a convertible quantity kind carries the multiplier to the
 * canonical unit of that kind, so values can be normalised (see DESIGN §1 "Quantities are searchable").
 */

export interface UnitSpec {
  /** Local name in the unit namespace, QUDT style. */
  readonly local: string;
  /** The symbol Micro-Meta App writes. */
  readonly symbol: string;
  /** UCUM code, where UCUM has one. */
  readonly ucum?: string;
  /** Quantity kind key (see {@link QUANTITY_KINDS}). */
  readonly kind: string;
  /** Multiplier to the SI coherent unit of the kind (m, W, s, Hz, V, Pa, rad); absent when not convertible. */
  readonly toSi?: number;
  /** Offset added after multiplying, for temperatures (to kelvin). */
  readonly siOffset?: number;
  /** QUDT unit local name when the same unit exists in QUDT. */
  readonly qudt?: string;
}

const SI_PREFIXES: readonly (readonly [string, string, number])[] = [
  ['Y', 'Yotta', 24], ['Z', 'Zetta', 21], ['E', 'Exa', 18], ['P', 'Peta', 15], ['T', 'Tera', 12],
  ['G', 'Giga', 9], ['M', 'Mega', 6], ['k', 'Kilo', 3], ['h', 'Hecto', 2], ['da', 'Deca', 1],
  ['', '', 0], ['d', 'Deci', -1], ['c', 'Centi', -2], ['m', 'Milli', -3], ['µ', 'Micro', -6],
  ['n', 'Nano', -9], ['p', 'Pico', -12], ['f', 'Femto', -15], ['a', 'Atto', -18], ['z', 'Zepto', -21],
  ['y', 'Yocto', -24],
];

/** UCUM prefix codes, keyed by the Micro-Meta App symbol prefix. */
const UCUM_PREFIX: Readonly<Record<string, string>> = {
  Y: 'Y', Z: 'Z', E: 'E', P: 'P', T: 'T', G: 'G', M: 'M', k: 'k', h: 'h', da: 'da', '': '',
  d: 'd', c: 'c', m: 'm', µ: 'u', n: 'n', p: 'p', f: 'f', a: 'a', z: 'z', y: 'y',
};

/** QUDT units we align to (those we are confident QUDT defines). */
const QUDT_KNOWN = new Set([
  'M', 'KiloM', 'DeciM', 'CentiM', 'MilliM', 'MicroM', 'NanoM', 'PicoM', 'W', 'KiloW', 'MilliW', 'MicroW',
  'NanoW', 'SEC', 'MilliSEC', 'MicroSEC', 'NanoSEC', 'PicoSEC', 'FemtoSEC', 'HZ', 'KiloHZ', 'MegaHZ',
  'GigaHZ', 'V', 'KiloV', 'MilliV', 'MicroV', 'PA', 'KiloPA', 'HectoPA', 'MegaPA',
]);

function prefixed(base: string, qudtBase: string, ucumBase: string, kind: string): UnitSpec[] {
  return SI_PREFIXES.map(([symbolPrefix, name, exponent]) => {
    const local = `${name}${qudtBase}`;
    return {
      local,
      symbol: `${symbolPrefix}${base}`,
      ucum: `${UCUM_PREFIX[symbolPrefix] ?? ''}${ucumBase}`,
      kind,
      toSi: 10 ** exponent,
      ...(QUDT_KNOWN.has(local) ? { qudt: local } : {}),
    };
  });
}

/** Every unit symbol that occurs in the Micro-Meta App 2.01 schemas, mapped. */
export const UNITS: readonly UnitSpec[] = [
  ...prefixed('m', 'M', 'm', 'length'),
  { local: 'ANGSTROM', symbol: 'Å', ucum: 'Ao', kind: 'length', toSi: 1e-10, qudt: 'ANGSTROM' },
  { local: 'MIL', symbol: 'thou', ucum: '[mil_i]', kind: 'length', toSi: 2.54e-5, qudt: 'MIL' },
  { local: 'LI', symbol: 'li', kind: 'length', toSi: 500 },
  { local: 'IN', symbol: 'in', ucum: '[in_i]', kind: 'length', toSi: 0.0254, qudt: 'IN' },
  { local: 'FT', symbol: 'ft', ucum: '[ft_i]', kind: 'length', toSi: 0.3048, qudt: 'FT' },
  { local: 'YD', symbol: 'yd', ucum: '[yd_i]', kind: 'length', toSi: 0.9144, qudt: 'YD' },
  { local: 'MI', symbol: 'mi', ucum: '[mi_i]', kind: 'length', toSi: 1609.344, qudt: 'MI' },
  { local: 'AU', symbol: 'ua', ucum: 'AU', kind: 'length', toSi: 149597870700, qudt: 'AU' },
  { local: 'LY', symbol: 'ly', ucum: '[ly]', kind: 'length', toSi: 9.4607304725808e15, qudt: 'LY' },
  { local: 'PARSEC', symbol: 'pc', ucum: 'pc', kind: 'length', toSi: 3.0856775814913673e16, qudt: 'PARSEC' },
  { local: 'POINT', symbol: 'pt', ucum: '[pnt]', kind: 'length', toSi: 0.0254 / 72 },
  { local: 'PIXEL', symbol: 'Pixel', kind: 'length' },
  { local: 'REFERENCE_FRAME', symbol: 'reference frame', kind: 'length' },
  ...prefixed('W', 'W', 'W', 'power'),
  { local: 'PERCENT_POWER', symbol: '%', ucum: '%', kind: 'power' },
  ...prefixed('s', 'SEC', 's', 'time'),
  { local: 'MIN', symbol: 'min', ucum: 'min', kind: 'time', toSi: 60, qudt: 'MIN' },
  { local: 'HR', symbol: 'h', ucum: 'h', kind: 'time', toSi: 3600, qudt: 'HR' },
  { local: 'DAY', symbol: 'd', ucum: 'd', kind: 'time', toSi: 86400, qudt: 'DAY' },
  ...prefixed('Hz', 'HZ', 'Hz', 'frequency'),
  { local: 'FRAME_PER_SEC', symbol: 'fps', ucum: '/s', kind: 'frequency', toSi: 1 },
  { local: 'PIXEL_PER_SEC', symbol: 'Pixel per second', ucum: '/s', kind: 'frequency', toSi: 1 },
  ...prefixed('V', 'V', 'V', 'voltage'),
  ...prefixed('Pa', 'PA', 'Pa', 'pressure'),
  { local: 'BAR', symbol: 'bar', ucum: 'bar', kind: 'pressure', toSi: 1e5, qudt: 'BAR' },
  { local: 'MegaBAR', symbol: 'Mbar', ucum: 'Mbar', kind: 'pressure', toSi: 1e11 },
  { local: 'KiloBAR', symbol: 'kbar', ucum: 'kbar', kind: 'pressure', toSi: 1e8 },
  { local: 'DeciBAR', symbol: 'dbar', ucum: 'dbar', kind: 'pressure', toSi: 1e4 },
  { local: 'CentiBAR', symbol: 'cbar', ucum: 'cbar', kind: 'pressure', toSi: 1e3 },
  { local: 'MilliBAR', symbol: 'mbar', ucum: 'mbar', kind: 'pressure', toSi: 100, qudt: 'MilliBAR' },
  { local: 'ATM', symbol: 'atm', ucum: 'atm', kind: 'pressure', toSi: 101325, qudt: 'ATM' },
  { local: 'PSI', symbol: 'psi', ucum: '[psi]', kind: 'pressure', toSi: 6894.757293168, qudt: 'PSI' },
  { local: 'TORR', symbol: 'Torr', kind: 'pressure', toSi: 133.322368421, qudt: 'TORR' },
  { local: 'MilliTORR', symbol: 'mTorr', kind: 'pressure', toSi: 0.133322368421 },
  { local: 'MilliM_HG', symbol: 'mm Hg', ucum: 'mm[Hg]', kind: 'pressure', toSi: 133.322387415, qudt: 'MilliM_HG' },
  { local: 'DEG', symbol: 'deg', ucum: 'deg', kind: 'angle', toSi: Math.PI / 180, qudt: 'DEG' },
  { local: 'MicroRAD', symbol: 'µrad', ucum: 'urad', kind: 'angle', toSi: 1e-6, qudt: 'MicroRAD' },
  { local: 'MilliRAD', symbol: 'mrad', ucum: 'mrad', kind: 'angle', toSi: 1e-3, qudt: 'MilliRAD' },
  { local: 'RAD', symbol: 'rad', ucum: 'rad', kind: 'angle', toSi: 1, qudt: 'RAD' },
  { local: 'GON', symbol: 'gon', ucum: 'gon', kind: 'angle', toSi: Math.PI / 200, qudt: 'GON' },
  { local: 'DEG_C', symbol: '°C', ucum: 'Cel', kind: 'temperature', toSi: 1, siOffset: 273.15, qudt: 'DEG_C' },
  { local: 'DEG_F', symbol: '°F', ucum: '[degF]', kind: 'temperature', toSi: 5 / 9, siOffset: 255.3722222222222, qudt: 'DEG_F' },
  { local: 'K', symbol: 'K', ucum: 'K', kind: 'temperature', toSi: 1, siOffset: 0, qudt: 'K' },
  { local: 'DEG_R', symbol: '°R', ucum: '[degR]', kind: 'temperature', toSi: 5 / 9, siOffset: 0, qudt: 'DEG_R' },
  { local: 'M_PER_SEC', symbol: 'm/s', ucum: 'm/s', kind: 'velocity', toSi: 1, qudt: 'M-PER-SEC' },
  { local: 'MilliM_PER_SEC', symbol: 'mm/s', ucum: 'mm/s', kind: 'velocity', toSi: 1e-3 },
  { local: 'MicroM_PER_SEC', symbol: 'µm/s', ucum: 'um/s', kind: 'velocity', toSi: 1e-6 },
  { local: 'NanoM_PER_SEC', symbol: 'nm/s', ucum: 'nm/s', kind: 'velocity', toSi: 1e-9 },
  { local: 'OTHER_VELOCITY', symbol: 'Other', kind: 'velocity' },
  { local: 'KiloGM_PER_M3', symbol: 'kg/m3', ucum: 'kg/m3', kind: 'density', toSi: 1, qudt: 'KiloGM-PER-M3' },
  { local: 'GM_PER_MilliL', symbol: 'g/ml', ucum: 'g/mL', kind: 'density', toSi: 1000 },
  { local: 'MilliGM_PER_MicroGM', symbol: 'mg/µg', kind: 'density' },
  { local: 'MicroGM_PER_NanoGM', symbol: 'µg/ng', kind: 'density' },
  { local: 'ELECTRON', symbol: 'e-', kind: 'charge' },
  { local: 'C', symbol: 'Coulomb', ucum: 'C', kind: 'charge', qudt: 'C' },
  { local: 'OTHER_CHARGE', symbol: 'Other', kind: 'charge' },
  { local: 'A', symbol: 'A', ucum: 'A', kind: 'noise', qudt: 'A' },
  { local: 'ELECTRON_PER_PIXEL_PER_SEC', symbol: 'e-/Pixel/sec', kind: 'noise' },
  { local: 'ELECTRON_RMS', symbol: 'e- rms', kind: 'noise' },
  { local: 'B', symbol: 'bel', ucum: 'B', kind: 'ratio', qudt: 'B' },
  { local: 'DeciB', symbol: 'decibel (dB)', ucum: 'dB', kind: 'ratio', qudt: 'DeciB' },
  { local: 'NanoGM_PER_MicroL', symbol: 'ng/µl', ucum: 'ng/uL', kind: 'concentration' },
  { local: 'MicroGM_PER_MicroL', symbol: 'µg/µl', ucum: 'ug/uL', kind: 'concentration' },
  { local: 'MilliGM_PER_MilliL', symbol: 'mg/ml', ucum: 'mg/mL', kind: 'concentration' },
  { local: 'PERCENT_WEIGHT_PER_VOLUME', symbol: '%(W/V)', kind: 'concentration' },
  { local: 'PERCENT_VOLUME_PER_VOLUME', symbol: '%(V/V)', kind: 'concentration' },
  { local: 'UNITS_PER_MilliL', symbol: 'Units/ml', kind: 'concentration' },
  { local: 'OTHER_CONCENTRATION', symbol: 'Other', kind: 'concentration' },
];

/** Quantity kinds: label and, where values are comparable, the canonical unit and property suffix. */
export const QUANTITY_KINDS: Readonly<Record<string, { label: string; canonical?: string; suffix?: string }>> = {
  length: { label: 'length' },
  power: { label: 'power', canonical: 'MilliW', suffix: 'mW' },
  time: { label: 'time', canonical: 'MilliSEC', suffix: 'ms' },
  frequency: { label: 'frequency', canonical: 'HZ', suffix: 'Hz' },
  voltage: { label: 'electric potential', canonical: 'V', suffix: 'V' },
  pressure: { label: 'pressure', canonical: 'HectoPA', suffix: 'hPa' },
  angle: { label: 'plane angle', canonical: 'DEG', suffix: 'deg' },
  temperature: { label: 'temperature', canonical: 'DEG_C', suffix: 'degC' },
  velocity: { label: 'velocity', canonical: 'MicroM_PER_SEC', suffix: 'um_per_s' },
  density: { label: 'density' },
  charge: { label: 'charge' },
  noise: { label: 'detector noise' },
  ratio: { label: 'logarithmic ratio' },
  concentration: { label: 'concentration' },
};

/**
 * Canonical unit for a length field: light in nm, pixel and image sizes in µm, other distances in mm.
 * @param field - the Micro-Meta App field name.
 * @returns the unit local name and the property suffix.
 */
export function canonicalLength(field: string): { unit: string; suffix: string } {
  if (/wavelength|cuton|cutoff|bandwidth/i.test(field)) return { unit: 'NanoM', suffix: 'nm' };
  if (/^pixel(width|height)$|^physicalsize/i.test(field)) return { unit: 'MicroM', suffix: 'um' };
  return { unit: 'MilliM', suffix: 'mm' };
}

/** Fields of a wavelength range that carry no unit field of their own (see {@link sharedUnitField}). */
const WAVELENGTH_RANGE_FIELDS = /^(FWHMBandwidth|CutOn|CutOff)$/;

/**
 * The sibling unit field that gives the unit of a value field not named after any unit field.
 * The Micro-Meta App schemas give a wavelength range one `WavelengthUnit` for its centre, band
 * width and edges, so `FWHMBandwidth`, `CutOn` and `CutOff` take their unit from it. The
 * generator (which declares their unit and canonical value) and the converter (which normalises
 * their values) must agree on this, so it is written here once.
 * @param field - the value field's name.
 * @param siblings - the names of the fields beside it (in the schema, or in the JSON object).
 * @returns `WavelengthUnit` when it applies, else undefined.
 */
export function sharedUnitField(field: string, siblings: readonly string[]): string | undefined {
  return WAVELENGTH_RANGE_FIELDS.test(field) && siblings.includes('WavelengthUnit') ? 'WavelengthUnit' : undefined;
}

/**
 * Finds the unit a symbol denotes within a quantity kind (symbols such as `Other` recur across kinds).
 * @param kind - quantity kind key.
 * @param symbol - symbol as written by Micro-Meta App.
 * @returns the unit, or undefined.
 */
export function unitBySymbol(kind: string, symbol: string): UnitSpec | undefined {
  return UNITS.find((unit) => unit.kind === kind && unit.symbol === symbol);
}

/**
 * The quantity kind of an enumeration of unit symbols (the `enum` of a `…Unit` field).
 * @param symbols - the allowed symbols.
 * @returns the kind key shared by the most symbols.
 */
export function kindOfUnitEnum(symbols: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const symbol of symbols) {
    for (const unit of UNITS.filter((u) => u.symbol === symbol)) counts.set(unit.kind, (counts.get(unit.kind) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best === undefined) throw new Error(`No unit kind for symbols ${symbols.join(', ')}`);
  return best[0];
}

/**
 * The canonical unit (and property suffix) values of a field are normalised to.
 * @param kind - quantity kind key.
 * @param field - Micro-Meta App field name (lengths depend on what is measured).
 * @returns the unit local name and suffix, or undefined when the kind is not convertible.
 */
export function canonicalUnitFor(kind: string, field: string): { unit: string; suffix: string } | undefined {
  if (kind === 'length') return canonicalLength(field);
  const spec = QUANTITY_KINDS[kind];
  if (spec?.canonical === undefined || spec.suffix === undefined) return undefined;
  return { unit: spec.canonical, suffix: spec.suffix };
}

/**
 * The canonical lexical form of an xsd:double (`4.05E2`, `5.0E1`, `1.4E-1`), as XML Schema and
 * JSON-LD's RDF conversion write it. Stored doubles use it, so every serialization of a record
 * (Turtle, N-Triples, JSON-LD) carries the same literal.
 * @param value - the number.
 * @returns its canonical lexical form.
 */
export function canonicalDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'INF' : '-INF';
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * The xsd:decimal / xsd:integer lexical form of a number. `String()` writes very small and very
 * large numbers in exponent notation (`1e-7`, `1e+21`), which is not a valid decimal literal.
 * @param value - a finite number.
 * @returns its plain decimal spelling.
 */
export function decimalLexical(value: number): string {
  const plain = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(plain);
  if (match === null) return plain;
  const [, sign = '', head = '', tail = '', exponent = '0'] = match;
  const digits = head + tail;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A number as people read it: the xsd:double `4.02E2` as `402`, `1.40` as `1.4` (12 significant
 * digits, so binary noise from unit conversion does not show).
 * @param lexical - a literal's lexical form.
 * @returns the readable form, or the text itself when it is not a number.
 */
export function plainNumber(lexical: string): string {
  const value = Number(lexical);
  return lexical.trim() !== '' && Number.isFinite(value) ? String(Number(value.toPrecision(12))) : lexical;
}

/**
 * The symbol Micro-Meta App writes for a unit IRI of this layer (the reverse of {@link unitBySymbol}).
 * @param iri - a unit IRI (`…/unit/NanoM`).
 * @returns the symbol (`nm`), or undefined for an IRI that is not one of our units.
 */
export function unitSymbol(iri: string): string | undefined {
  if (!iri.startsWith(UNIT_NS)) return undefined;
  const local = iri.slice(UNIT_NS.length);
  return UNITS.find((u) => u.local === local)?.symbol;
}
