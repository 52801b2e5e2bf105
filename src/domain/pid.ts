import { InvalidPidError } from '../errors/index.js';

/**
 * The persistent-identifier schemes the graph knows (DESIGN §1, "Identifiers are IRIs").
 */
export type PidScheme = 'rrid' | 'ror' | 'orcid' | 'doi' | 'handle';

/**
 * A validated persistent identifier together with its canonical IRI.
 *
 * Two spellings of the same PID (`doi:10.1234/ABC`, `https://dx.doi.org/10.1234/abc`) yield the
 * same `id`, `iri` and `curie`; only `input` differs.
 */
export interface Pid {
  /** Which scheme the PID belongs to. */
  readonly scheme: PidScheme;
  /**
   * The normalized identifier without any prefix, e.g. `SCR_003070`, `03yrm5c26`,
   * `0000-0002-1825-0097`, `10.1234/abc` (lower-cased) or `21.T11998/0000-001A-3905-F`.
   */
  readonly id: string;
  /** The canonical IRI that names the resource in the graph, e.g. `https://doi.org/10.1234/abc`. */
  readonly iri: string;
  /** The compact form, e.g. `RRID:SCR_003070`, `ror:03yrm5c26`, `orcid:…`, `doi:…`, `hdl:…`. */
  readonly curie: string;
  /** The PID as the user spelled it (surrounding whitespace removed, not percent-decoded). */
  readonly input: string;
}

/**
 * Regular-expression sources (anchored `^…$`) that match the canonical IRI of each scheme.
 *
 * They are meant for SHACL `sh:pattern`, so they keep to what XPath `fn:matches` and ECMAScript
 * regexes share: plain groups, character classes, `[0-9]` instead of `\d`, no lookaround, no named
 * groups. They check syntax only; checksums (ROR, ORCID) need {@link parsePid}.
 *
 * The RRID pattern also encodes the rule that `SCR_` is followed by digits only, by spelling out
 * every authority other than `SCR`. The DOI and handle patterns accept the percent-escapes
 * (`%3C`, upper-case hex) that {@link parsePid} writes for characters not allowed in an IRI path,
 * and the DOI pattern refuses ASCII upper case, since canonical DOIs are lower-cased.
 */
export const PID_IRI_PATTERNS: Readonly<Record<PidScheme, string>> = Object.freeze({
  rrid:
    '^https://identifiers\\.org/RRID:(SCR_[0-9]+|' +
    '([A-Z]{1,2}|[A-RT-Z][A-Z]{2}|S[A-BD-Z][A-Z]|SC[A-QS-Z]|[A-Z]{4,})_[A-Za-z0-9_:-]+)$',
  ror: '^https://ror\\.org/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$',
  orcid: '^https://orcid\\.org/[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$',
  doi: '^https://doi\\.org/10\\.[0-9]{4,9}/([^A-Z\\s<>"{}|\\\\^`#?%\\[\\]]|%[0-9A-F]{2})+$',
  handle:
    '^https://hdl\\.handle\\.net/([^/\\s<>"{}|\\\\^`#?%\\[\\]]|%[0-9A-F]{2})+' +
    '/([^\\s<>"{}|\\\\^`#?%\\[\\]]|%[0-9A-F]{2})+$',
});

/** Base of each scheme's canonical IRI; the normalized `id` (IRI-escaped) follows it. */
const IRI_BASES: Readonly<Record<PidScheme, string>> = {
  rrid: 'https://identifiers.org/RRID:',
  ror: 'https://ror.org/',
  orcid: 'https://orcid.org/',
  doi: 'https://doi.org/',
  handle: 'https://hdl.handle.net/',
};

const CURIE_PREFIXES: Readonly<Record<PidScheme, string>> = {
  rrid: 'RRID:',
  ror: 'ror:',
  orcid: 'orcid:',
  doi: 'doi:',
  handle: 'hdl:',
};

const SCHEME_NAMES: Readonly<Record<PidScheme, string>> = {
  rrid: 'an RRID',
  ror: 'a ROR ID',
  orcid: 'an ORCID iD',
  doi: 'a DOI',
  handle: 'a handle',
};

/** What a valid PID of each scheme looks like, for error messages. */
const SCHEME_EXAMPLES: Readonly<Record<PidScheme, string>> = {
  rrid: 'RRID:SCR_003070 or https://identifiers.org/RRID:SCR_003070',
  ror: '03yrm5c26 or https://ror.org/03yrm5c26',
  orcid: '0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097',
  doi: '10.1234/abc, doi:10.1234/abc or https://doi.org/10.1234/abc',
  handle: 'hdl:21.T11998/0000-001A-3905-F or https://hdl.handle.net/21.T11998/0000-001A-3905-F',
};

/**
 * Prefixes that name a scheme explicitly, tried in order on the (trimmed, percent-decoded) input.
 * Matching is case-insensitive; `http://` is accepted wherever `https://` is, and the host forms
 * may omit the URL scheme (`ror.org/03yrm5c26`).
 */
const PREFIXES: readonly (readonly [PidScheme, RegExp])[] = [
  ['rrid', /^(?:(?:https?:\/\/)?(?:scicrunch\.org\/resolver\/|identifiers\.org\/(?:rrid\/)?))?rrid:/i],
  ['ror', /^(?:ror:|(?:https?:\/\/)?ror\.org\/)/i],
  ['orcid', /^(?:orcid:|(?:https?:\/\/)?orcid\.org\/)/i],
  ['doi', /^(?:doi:|info:doi\/|(?:https?:\/\/)?(?:dx\.)?doi\.org\/)/i],
  ['handle', /^(?:hdl:|(?:https?:\/\/)?hdl\.handle\.net\/)/i],
];

const CROCKFORD_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const ROR_SYNTAX = /^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$/;
const ORCID_HYPHENATED = /^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$/;
const ORCID_DIGITS = /^[0-9]{15}[0-9X]$/;
const RRID_SYNTAX = /^([A-Za-z]+)_([A-Za-z0-9_:-]+)$/;
const DOI_SYNTAX = /^10\.[0-9]{4,9}\/\S+$/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** Characters that may not appear literally in an IRI path (RFC 3987), or that would end it. */
const IRI_UNSAFE = /[<>"{}|\\^`#?%[\]]/g;

/**
 * Parses, validates and canonicalizes a persistent identifier.
 *
 * Accepted spellings (prefixes are case-insensitive; surrounding whitespace is ignored; the input
 * is percent-decoded once, so `doi:10.1000%2Fxyz` is `doi:10.1000/xyz`):
 * - RRID: `RRID:SCR_003070`, `rrid:…`, `https://scicrunch.org/resolver/RRID:…`,
 *   `https://identifiers.org/RRID:…` (the canonical IRI).
 * - ROR: `03yrm5c26`, `ror:…`, `ror.org/…`, `https://ror.org/…`.
 * - ORCID: `0000-0002-1825-0097` (or the 16 characters without hyphens), `orcid:…`,
 *   `https://orcid.org/…`.
 * - DOI: `10.1234/abc`, `doi:…`, `info:doi/…`, `https://doi.org/…`, `https://dx.doi.org/…`.
 * - Handle: `hdl:21.T11998/…`, `https://hdl.handle.net/…`. A bare `prefix/suffix` whose prefix
 *   does not start with `10.` is refused as `unknown-scheme`, since nothing says it is a handle.
 *
 * A DOI written as a handle (`hdl:10.1234/abc`, `https://hdl.handle.net/10.1234/abc`) stays a
 * handle: every DOI is a handle, but we canonicalize by the prefix the user wrote, so a handle
 * IRI in the data is never silently rewritten to a DOI IRI (and its case is kept).
 *
 * Normalization: ROR IDs are lower-cased, the ORCID check character `x` becomes `X` and hyphens are
 * added, the RRID authority (`scr`, `ab`) is upper-cased while the local part is kept, DOIs are
 * lower-cased (ASCII letters only, as DOI names are case-insensitive in ASCII), handles are kept as
 * written. In the IRI, characters not allowed in an IRI path (`<>"{}|\^` and backtick, `#?%[]`) are
 * percent-encoded with upper-case hex.
 *
 * @param input - the PID as given by a user, a file or a URL segment.
 * @param expected - the scheme or schemes acceptable here; omitted or empty accepts any scheme.
 * @returns the validated PID with its canonical IRI.
 * @throws InvalidPidError naming the rule broken: `unknown-scheme`, `unexpected-scheme`,
 *   `rrid-syntax`, `ror-syntax`, `ror-checksum`, `orcid-syntax`, `orcid-checksum`, `doi-syntax`
 *   or `handle-syntax`.
 * @example
 * ```ts
 * parsePid('https://dx.doi.org/10.1234/ABC').iri; // 'https://doi.org/10.1234/abc'
 * parsePid('orcid:0000-0002-1825-0097', 'orcid').curie; // 'orcid:0000-0002-1825-0097'
 * parsePid('10.1234/abc', ['orcid', 'ror']); // throws InvalidPidError, rule 'unexpected-scheme'
 * ```
 */
export function parsePid(input: string, expected?: PidScheme | readonly PidScheme[]): Pid {
  const trimmed = input.trim();
  const decoded = percentDecodeOnce(trimmed);
  const [scheme, body] = detectScheme(input, decoded);

  const allowed = expected === undefined ? [] : typeof expected === 'string' ? [expected] : expected;
  if (allowed.length > 0 && !allowed.includes(scheme)) {
    const wanted = allowed.map((s) => `${SCHEME_NAMES[s]} (e.g. ${SCHEME_EXAMPLES[s]})`).join('; or ');
    throw new InvalidPidError(
      input,
      'unexpected-scheme',
      `"${input}" is ${SCHEME_NAMES[scheme]}, but ${wanted} is expected here.`,
    );
  }

  const id = normalize(scheme, body, input);
  return Object.freeze({
    scheme,
    id,
    iri: IRI_BASES[scheme] + escapeForIri(id),
    curie: CURIE_PREFIXES[scheme] + id,
    input: trimmed,
  });
}

/**
 * Tells whether a string is a valid PID of a known scheme, in any accepted spelling.
 *
 * @param input - the candidate PID.
 * @param expected - the scheme or schemes acceptable; omitted or empty accepts any scheme.
 * @returns `true` when {@link parsePid} would accept `input`.
 */
export function isPid(input: string, expected?: PidScheme | readonly PidScheme[]): boolean {
  try {
    parsePid(input, expected);
    return true;
  } catch (error) {
    if (error instanceof InvalidPidError) {
      return false;
    }
    throw error;
  }
}

/**
 * Recognizes the canonical IRI of a PID, e.g. an IRI read back from the graph.
 *
 * Only canonical IRIs are recognized: `https://doi.org/10.1234/ABC` (upper case) or
 * `http://orcid.org/…` name other nodes than the canonical ones, so they give `undefined`; use
 * {@link parsePid} to canonicalize user input.
 *
 * @param iri - an IRI, e.g. a subject or object found in the graph.
 * @returns the PID whose canonical IRI is exactly `iri`, or `undefined` (never throws).
 */
export function pidFromIri(iri: string): Pid | undefined {
  for (const scheme of Object.keys(IRI_BASES) as PidScheme[]) {
    if (iri.startsWith(IRI_BASES[scheme])) {
      try {
        const pid = parsePid(iri, scheme);
        return pid.iri === iri ? pid : undefined;
      } catch (error) {
        if (error instanceof InvalidPidError) {
          return undefined;
        }
        throw error;
      }
    }
  }
  return undefined;
}

/**
 * Computes the ORCID check character (ISO 7064 MOD 11-2).
 *
 * @param first15Digits - the first 15 digits of the ORCID iD; hyphens are ignored.
 * @returns the check character, `0`–`9` or `X` (for 10).
 * @throws RangeError when `first15Digits` is not 15 digits.
 * @example
 * ```ts
 * orcidCheckDigit('0000-0002-1825-009'); // '7'
 * ```
 */
export function orcidCheckDigit(first15Digits: string): string {
  const digits = first15Digits.replace(/-/g, '');
  if (!/^[0-9]{15}$/.test(digits)) {
    throw new RangeError(`Expected the first 15 digits of an ORCID iD, got "${first15Digits}".`);
  }
  let total = 0;
  for (const digit of digits) {
    total = (total + Number(digit)) * 2;
  }
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/**
 * Computes the two ROR check digits (ISO 7064 MOD 97-10) for the six Crockford base32 characters
 * between the leading `0` and the check digits.
 *
 * @param sixChars - the six middle characters of a ROR ID (case-insensitive).
 * @returns the two check digits, zero-padded (`02`–`98`).
 * @throws RangeError when `sixChars` is not six characters of the ROR alphabet.
 * @example
 * ```ts
 * rorCheckDigits('3yrm5c'); // '26', so 03yrm5c26 is a valid ROR ID
 * ```
 */
export function rorCheckDigits(sixChars: string): string {
  const chars = sixChars.toLowerCase();
  if (!/^[a-hj-km-np-tv-z0-9]{6}$/.test(chars)) {
    throw new RangeError(
      `Expected six characters of the ROR alphabet (0-9 and a-z without i, l, o, u), got "${sixChars}".`,
    );
  }
  let value = 0;
  for (const char of chars) {
    value = value * 32 + CROCKFORD_ALPHABET.indexOf(char);
  }
  // value < 32^6 ≈ 1.07e9, so value * 100 stays well inside the exact integer range of a double.
  return String(98 - ((value * 100) % 97)).padStart(2, '0');
}

/** Splits the input into its scheme and the identifier after the scheme's prefix. */
function detectScheme(input: string, decoded: string): readonly [PidScheme, string] {
  for (const [scheme, prefix] of PREFIXES) {
    const match = prefix.exec(decoded);
    if (match !== null) {
      return [scheme, decoded.slice(match[0].length)];
    }
  }
  // No explicit prefix: only shapes that cannot be confused with each other are recognized.
  if (decoded.startsWith('10.')) {
    return ['doi', decoded];
  }
  if (/^0[a-z0-9]{8}$/i.test(decoded)) {
    return ['ror', decoded];
  }
  if (/^[0-9][0-9 -]{13,20}[0-9Xx]$/.test(decoded)) {
    return ['orcid', decoded];
  }
  const forms = (Object.keys(SCHEME_EXAMPLES) as PidScheme[])
    .map((s) => `${SCHEME_NAMES[s]} such as ${SCHEME_EXAMPLES[s]}`)
    .join('; ');
  const hint = decoded.includes('/')
    ? ' A handle must be written with its prefix, as hdl:prefix/suffix or https://hdl.handle.net/prefix/suffix.'
    : '';
  throw new InvalidPidError(
    input,
    'unknown-scheme',
    `"${input}" is not a PID of a known scheme. Give ${forms}.${hint}`,
  );
}

/** Validates the identifier part for its scheme and returns its normalized form. */
function normalize(scheme: PidScheme, body: string, input: string): string {
  switch (scheme) {
    case 'rrid':
      return normalizeRrid(body, input);
    case 'ror':
      return normalizeRor(body, input);
    case 'orcid':
      return normalizeOrcid(body, input);
    case 'doi':
      return normalizeDoi(body, input);
    case 'handle':
      return normalizeHandle(body, input);
  }
}

function normalizeRrid(body: string, input: string): string {
  const match = RRID_SYNTAX.exec(body);
  const authority = match?.[1]?.toUpperCase();
  const local = match?.[2];
  if (authority === undefined || local === undefined) {
    throw new InvalidPidError(
      input,
      'rrid-syntax',
      `"${input}" is not a valid RRID: expected RRID: followed by an authority in letters, an underscore ` +
        `and an identifier of letters, digits, _, : or -, e.g. ${SCHEME_EXAMPLES.rrid}.`,
    );
  }
  if (authority === 'SCR' && !/^[0-9]+$/.test(local)) {
    throw new InvalidPidError(
      input,
      'rrid-syntax',
      `"${input}" is not a valid RRID: facilities and tools (SCR_) are SCR_ followed by digits only, ` +
        `e.g. ${SCHEME_EXAMPLES.rrid}.`,
    );
  }
  return `${authority}_${local}`;
}

function normalizeRor(body: string, input: string): string {
  const id = body.toLowerCase();
  if (!ROR_SYNTAX.test(id)) {
    throw new InvalidPidError(
      input,
      'ror-syntax',
      `"${input}" is not a valid ROR ID: expected 0, six characters of 0-9 and a-z (without i, l, o, u) ` +
        `and two check digits, e.g. ${SCHEME_EXAMPLES.ror}.`,
    );
  }
  if (rorCheckDigits(id.slice(1, 7)) !== id.slice(7)) {
    throw new InvalidPidError(
      input,
      'ror-checksum',
      `"${input}" is not a valid ROR ID: its check digits do not match, so it is probably mistyped. ` +
        `Copy it from https://ror.org, e.g. ${SCHEME_EXAMPLES.ror}.`,
    );
  }
  return id;
}

function normalizeOrcid(body: string, input: string): string {
  const upper = body.toUpperCase();
  let digits: string;
  if (ORCID_HYPHENATED.test(upper)) {
    digits = upper.replace(/-/g, '');
  } else if (ORCID_DIGITS.test(upper)) {
    digits = upper;
  } else {
    throw new InvalidPidError(
      input,
      'orcid-syntax',
      `"${input}" is not a valid ORCID iD: expected four groups of four digits separated by hyphens, ` +
        `the last character possibly X, e.g. ${SCHEME_EXAMPLES.orcid}.`,
    );
  }
  if (orcidCheckDigit(digits.slice(0, 15)) !== digits.slice(15)) {
    throw new InvalidPidError(
      input,
      'orcid-checksum',
      `"${input}" is not a valid ORCID iD: its check character does not match, so it is probably ` +
        `mistyped. Copy it from https://orcid.org, e.g. ${SCHEME_EXAMPLES.orcid}.`,
    );
  }
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}`;
}

function normalizeDoi(body: string, input: string): string {
  // DOI names are case-insensitive for ASCII letters only; other letters are kept as written.
  const id = body.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  if (!DOI_SYNTAX.test(id) || CONTROL_CHARACTERS.test(id)) {
    throw new InvalidPidError(
      input,
      'doi-syntax',
      `"${input}" is not a valid DOI: expected 10., a registrant code of 4 to 9 digits, / and a suffix ` +
        `without spaces, e.g. ${SCHEME_EXAMPLES.doi}.`,
    );
  }
  return id;
}

function normalizeHandle(body: string, input: string): string {
  const slash = body.indexOf('/');
  if (slash <= 0 || slash === body.length - 1 || /\s/.test(body) || CONTROL_CHARACTERS.test(body)) {
    throw new InvalidPidError(
      input,
      'handle-syntax',
      `"${input}" is not a valid handle: expected a prefix, / and a suffix, both non-empty and without ` +
        `spaces, e.g. ${SCHEME_EXAMPLES.handle}.`,
    );
  }
  return body;
}

/**
 * Decodes each run of `%XX` escapes once. A run that is not valid UTF-8 is kept as written, so a
 * literal `%` in a PID (`50%off`) survives instead of making the whole input unreadable.
 */
function percentDecodeOnce(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Percent-encodes the characters an IRI path may not contain literally (upper-case hex). */
function escapeForIri(id: string): string {
  return id.replace(
    IRI_UNSAFE,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
