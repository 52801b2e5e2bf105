import { describe, expect, it } from 'vitest';
import { safeHref } from '../../../src/pages/safe-href.js';
import { sanitizePeerResult } from '../../../src/search/sanitize-peer-result.js';

// What a peer sends is JSON from another server: every field is checked, links are made absolute
// on the peer and never leave http(s), and text is cut and stripped of control characters.

const PEER = 'https://peer.example.org';
const IRI = 'https://doi.org/10.5072/peer.sp8';

/** A result as a well-behaved peer sends it. */
function wellFormed(): Record<string, unknown> {
  return {
    iri: IRI, type: 'instrument', label: 'Peer SP8', score: 3, summary: 'Leica',
    facility: { iri: 'https://identifiers.org/RRID:SCR_999002', label: 'Peer core', href: '/pid/RRID:SCR_999002' },
    matched: { objective: 'HC PL APO 63x', detector: 'HyD' },
    href: '/pid/doi:10.5072/peer.sp8', source: PEER,
  };
}

describe('sanitizePeerResult', () => {
  it('keeps a well-formed result, its links made absolute on the peer.', () => {
    expect(sanitizePeerResult(wellFormed(), PEER)).toEqual({
      iri: IRI, type: 'instrument', label: 'Peer SP8', score: 3, summary: 'Leica',
      facility: { iri: 'https://identifiers.org/RRID:SCR_999002', label: 'Peer core', href: `${PEER}/pid/RRID:SCR_999002` },
      matched: { objective: 'HC PL APO 63x', detector: 'HyD' },
      href: `${PEER}/pid/doi:10.5072/peer.sp8`, source: PEER,
    });
  });

  it.each([
    ['not an object', 'a string'],
    ['null', null],
    ['an array', [IRI, 'instrument', 1]],
    ['no IRI', { ...wellFormed(), iri: undefined }],
    ['an IRI that is not http(s)', { ...wellFormed(), iri: 'javascript:alert(1)' }],
    ['a relative IRI', { ...wellFormed(), iri: '/id/instance/x' }],
    ['an IRI of 3,000 characters', { ...wellFormed(), iri: `https://x.example/${'a'.repeat(3000)}` }],
    ['an unknown type', { ...wellFormed(), type: 'spaceship' }],
    ['a type that is not a string', { ...wellFormed(), type: ['instrument'] }],
    ['no score', { ...wellFormed(), score: undefined }],
    ['a score that is a string', { ...wellFormed(), score: '3' }],
    ['an infinite score', { ...wellFormed(), score: Number.POSITIVE_INFINITY }],
    ['a score that is not a number', { ...wellFormed(), score: Number.NaN }],
  ])('drops a result with %s.', (_, raw) => {
    expect(sanitizePeerResult(raw, PEER)).toBeUndefined();
  });

  it('names a result without a label by its IRI, and links it to the peer\'s /pid when it gives no usable link.', () => {
    const result = sanitizePeerResult({ iri: IRI, type: 'model', score: 1 }, PEER);
    expect(result).toEqual({ iri: IRI, type: 'model', label: IRI, score: 1, href: `${PEER}/pid/${encodeURIComponent(IRI)}`, source: PEER });
  });

  it.each([
    'javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)',
    '//evil.example/x', 'relative/path', 42, { toString: 'x' },
  ])('never links to %j: the result links to the peer\'s /pid instead.', (href) => {
    const result = sanitizePeerResult({ ...wellFormed(), href, facility: { iri: IRI, href } }, PEER);
    expect(result?.href).toBe(`${PEER}/pid/${encodeURIComponent(IRI)}`);
    expect(result?.facility?.href).toBe(`${PEER}/pid/${encodeURIComponent(IRI)}`);
  });

  it('keeps an absolute http(s) link as the peer gave it, normalized.', () => {
    expect(sanitizePeerResult({ ...wellFormed(), href: 'HTTPS://Mirror.Example.org/pid/x' }, PEER)?.href).toBe('https://mirror.example.org/pid/x');
  });

  it('gives only links the page layer\'s link filter lets through, whatever the peer sent.', () => {
    const hostile = [
      'javascript:alert(1)', '/\\evil.example', '/pid/a b\tc', '/pid/<script>', 'https://ok.example/"onmouseover="x', `/${'x'.repeat(5000)}`, '\u0000/x',
    ];
    for (const href of hostile) {
      const result = sanitizePeerResult({ ...wellFormed(), href, model: { iri: IRI, href } }, PEER);
      for (const link of [result?.href, result?.model?.href]) {
        expect(link).toBeDefined();
        expect(safeHref(link ?? ''), JSON.stringify(href)).toBe(link);
      }
    }
  });

  it('turns control characters in text into spaces, trims it, and cuts it at 500 characters.', () => {
    const result = sanitizePeerResult({ ...wellFormed(), label: '\u0000 Peer\nSP8\u009f ', summary: 'x'.repeat(10_000), matched: { stand: '\t' } }, PEER);
    expect(result?.label).toBe('Peer SP8');
    expect(result?.summary).toHaveLength(500);
    // A text left empty is no text.
    expect(result?.matched).toBeUndefined();
  });

  it('keeps only the fields a result has: unknown members, foreign `sources` and non-text matches are dropped.', () => {
    const raw = JSON.parse(`{"iri":"${IRI}","type":"dataset","score":2,"sources":["https://a.example"],"__proto__":{"admin":true},"extra":"x",`
      + '"matched":{"objective":{"html":"<b>"},"lightSource":["405"],"detector":"PMT","onclick":"x"},"instance":{"label":"no IRI"}}') as unknown;
    const result = sanitizePeerResult(raw, PEER);
    expect(Object.keys(result ?? {}).sort()).toEqual(['href', 'iri', 'label', 'matched', 'score', 'source', 'type']);
    expect(result?.matched).toEqual({ detector: 'PMT' });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('takes the result\'s own http(s) source, else the peer, without trailing slashes.', () => {
    expect(sanitizePeerResult({ ...wellFormed(), source: 'https://other.example/base/' }, PEER)?.source).toBe('https://other.example/base');
    expect(sanitizePeerResult({ ...wellFormed(), source: 'javascript:alert(1)' }, `${PEER}/`)?.source).toBe(PEER);
    expect(sanitizePeerResult({ ...wellFormed(), source: undefined, href: '/pid/x' }, `${PEER}/`)?.href).toBe(`${PEER}/pid/x`);
  });
});
