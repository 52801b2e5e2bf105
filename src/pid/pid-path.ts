import { parsePid } from '../domain/index.js';
import { RECORD_KINDS } from '../domain/index.js';
import { BadRequestError } from '../errors/index.js';
import { InvalidPidError } from '../errors/index.js';

/** What a `/pid/…` path asks for. */
export type PidRequest =
  | { readonly kind: 'single'; readonly iri: string }
  | { readonly kind: 'chain'; readonly iris: readonly [string, string, string, string] }
  | { readonly kind: 'diff'; readonly from: string; readonly to: string };

const STARTS_PID = /^(rrid:|ror:|orcid:|doi:|hdl:|info:doi\/|https?:|10\.\d{4,9}$|0[a-hj-km-np-tv-z0-9]{6}\d{2}$|\d{4}-\d{4}-\d{4}-\d{3}[\dX]$)/i;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError(`"${segment}" is not valid percent-encoding.`, { code: 'bad-encoding' });
  }
}

/**
 * One identifier: a PID in any accepted form (canonicalized), or an http(s) IRI minted by a
 * service (kept as is).
 * @param text - decoded text.
 * @returns the canonical IRI.
 */
export function identifierIri(text: string): string {
  const fixed = text.replace(/^(https?):\/(?!\/)/i, '$1://'); // proxies may merge the '//' of a URL in a path
  try {
    return parsePid(fixed).iri;
  } catch (error) {
    const pidHost = /^https?:\/\/(dx\.)?(doi\.org|orcid\.org|ror\.org|identifiers\.org|hdl\.handle\.net|scicrunch\.org)\//i;
    if (/^https?:\/\/[^/\s]+\/\S*$/.test(fixed) && !pidHost.test(fixed)) return fixed;
    throw error;
  }
}

const LOCAL_ID = new RegExp(`^(${RECORD_KINDS.join('|')})/([A-Za-z0-9._~-]+)$`);
const KINDS: ReadonlySet<string> = new Set(RECORD_KINDS);

/**
 * A record named the way users name it: `{kind}/{id}` for an IRI minted by this service
 * (`configuration/igc-limelight-v1`), else a PID in any accepted form or an http(s) IRI.
 * @param text - the name (decoded).
 * @param baseUrl - PHD_BASE_URL, the base of minted IRIs.
 * @returns the record's IRI.
 */
export function recordIri(text: string, baseUrl: string): string {
  const local = LOCAL_ID.exec(text);
  return local === null ? identifierIri(text) : `${baseUrl}/id/${local[1] ?? ''}/${local[2] ?? ''}`;
}

/**
 * Reads the part of a URL after `/pid/` (still percent-encoded): one PID, a chain of four
 * (`{facility}/{model}/{instance}/{descriptor}`, each with its own `/` percent-encoded), or a diff
 * (`{descriptor}/diff/{other}`). Each part is a PID in any accepted form, an http(s) IRI, or the
 * `{kind}/{id}` short form of an IRI this service minted (`instance/3f2c…`, see {@link recordIri}).
 * Unencoded slashes inside DOIs and handles are accepted where the PID prefixes split the path
 * unambiguously (DESIGN §1).
 *
 * @param raw - the encoded path after `/pid/`.
 * @param baseUrl - PHD_BASE_URL, the base of minted IRIs.
 * @returns what is asked for.
 */
export function parsePidPath(raw: string, baseUrl: string): PidRequest {
  if (raw === '') throw new BadRequestError('No PID given: use /pid/{pid}, e.g. /pid/doi:10.5072/phd.ecc.sp8.', { code: 'missing-pid' });
  const iriOf = (text: string) => recordIri(text, baseUrl);
  const diff = raw.indexOf('/diff/');
  if (diff > 0) {
    return { kind: 'diff', from: iriOf(groupOne(raw.slice(0, diff))), to: iriOf(groupOne(raw.slice(diff + '/diff/'.length))) };
  }
  const groups = group(raw);
  if (groups.length === 1) return { kind: 'single', iri: iriOf(groups[0] ?? '') };
  if (groups.length === 4) {
    const [a = '', b = '', c = '', d = ''] = groups.map(iriOf);
    return { kind: 'chain', iris: [a, b, c, d] };
  }
  // Not a chain: maybe one PID whose suffix holds slashes (doi:10.1000/a/b).
  try {
    return { kind: 'single', iri: iriOf(decode(raw)) };
  } catch (error) {
    if (!(error instanceof InvalidPidError)) throw error;
    throw new BadRequestError(
      `"${decode(raw)}" is neither one PID nor a chain of four (facility/model/instance/descriptor): found ${groups.length} parts. ` +
        'Percent-encode the slashes inside each PID (doi:10.1000%2Fxyz).',
      { code: 'ambiguous-pid-path', details: { parts: groups } },
    );
  }
}

function groupOne(raw: string): string {
  const groups = group(raw);
  return groups.length === 1 ? (groups[0] ?? '') : decode(raw);
}

/** Splits an encoded path into PIDs: a segment that starts a PID opens a new group. */
function group(raw: string): string[] {
  const groups: string[] = [];
  for (const segment of raw.split('/')) {
    const text = decode(segment);
    const current = groups[groups.length - 1];
    // "https:" and "https:/" are a URL cut by the split: the next segments continue it.
    const incompleteUrl = current !== undefined && /^https?:\/?$/i.test(current);
    // A record kind (`instance`) opens the short form `{kind}/{id}` of a minted IRI, unless it
    // continues one written out in full (`https://host/id/instance/…`).
    const shortForm = KINDS.has(text) && !/\/id$/.test(current ?? '');
    if (current === undefined || (!incompleteUrl && (STARTS_PID.test(text) || shortForm))) groups.push(text);
    else groups[groups.length - 1] = `${current}/${text}`;
  }
  return groups;
}
