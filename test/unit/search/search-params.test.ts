import oxigraph from 'oxigraph';
import sparqljs from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { BadRequestError, PhdError } from '../../../src/errors/phd-error.js';
import {
  IMMERSIONS, SEARCH_LIMITS, hasHardwareFacets, hasInstrumentFacets, isEmptySearch, keywords, parseSearchParams, searchQuery,
  sparqlNumber, sparqlString,
} from '../../../src/search/search-params.js';
import type { SearchParams } from '../../../src/search/search-params.js';
import { buildSearchQueries } from '../../../src/search/build-search-queries.js';

const parse = (query: string): SearchParams => parseSearchParams(new URLSearchParams(query));

function rejection(input: URLSearchParams | Record<string, unknown>): BadRequestError {
  try {
    parseSearchParams(input);
  } catch (error) {
    if (error instanceof BadRequestError) return error;
    throw error;
  }
  throw new Error(`expected a 400 for ${input instanceof URLSearchParams ? input.toString() : JSON.stringify(input)}`);
}

/** Asserts a 400 `invalid-search-parameter` naming the field; returns its message. */
function expectRejected(input: URLSearchParams | Record<string, unknown>, field: string): string {
  const error = rejection(input);
  expect(PhdError.isInstance(error)).toBe(true);
  expect(error.status).toBe(400);
  expect(error.code).toBe('invalid-search-parameter');
  expect(error.details.field).toBe(field);
  // Messages quote at most a clipped piece of what was sent.
  expect(error.message.length).toBeLessThan(400);
  return error.message;
}

const one = (name: string, value: string): URLSearchParams => new URLSearchParams([[name, value]]);

/** What a literal written by sparqlString means to the engine that runs the queries (Oxigraph). */
function oxigraphValue(literal: string): string {
  const rows = new oxigraph.Store().query(`SELECT ?x WHERE { BIND(${literal} AS ?x) }`) as Map<string, { value: string }>[];
  const value = rows[0]?.get('x')?.value;
  if (value === undefined) throw new Error(`no value for ${literal}`);
  return value;
}

/** What it means to sparqljs, which checks every query before it runs. */
function sparqljsValue(literal: string): string {
  const query = new sparqljs.Parser().parse(`SELECT ?x WHERE { BIND(${literal} AS ?x) }`) as sparqljs.SelectQuery;
  const bind = query.where?.[0] as sparqljs.BindPattern;
  return (bind.expression as { value: string }).value;
}

/** Every variable name and literal value in a parsed query, to compare query structures. */
function termsOf(node: unknown, out: { variables: Set<string>; literals: string[] } = { variables: new Set(), literals: [] }): { variables: Set<string>; literals: string[] } {
  if (Array.isArray(node)) {
    for (const item of node) termsOf(item, out);
  } else if (typeof node === 'object' && node !== null) {
    const term = node as { termType?: unknown; value?: unknown };
    if (term.termType === 'Variable' && typeof term.value === 'string') out.variables.add(term.value);
    else if (term.termType === 'Literal' && typeof term.value === 'string') out.literals.push(term.value);
    else for (const value of Object.values(node)) termsOf(value, out);
  }
  return out;
}

const INJECTIONS = [
  '") } ; DROP ALL',
  'x" . ?s ?p ?o FILTER("',
  "x' . ?s ?p ?o FILTER('",
  '\\',
  'C:\\data\\" } #',
  'a\\u0022b',
  '> } SERVICE <http://evil.example/sparql> { ?s ?p ?o',
  '""" } UNION { ?s ?p ?o } #',
];

describe('parseSearchParams', () => {
  it('gives defaults for an empty search, and ignores empty form fields.', () => {
    const params = parse('q=&type=&magnification=&wavelength=&detector=');
    expect(params).toEqual({
      q: undefined, types: [], standType: undefined, technique: undefined, magnification: undefined, naMin: undefined, naMax: undefined,
      immersion: undefined, wavelengths: [], tolerance: SEARCH_LIMITS.defaultTolerance, detectors: [], limit: 20, offset: 0, scope: 'local',
    });
    expect(isEmptySearch(params)).toBe(true);
    expect(hasInstrumentFacets(params)).toBe(false);
  });

  it('reads the example search: 63x, NA ≥ 1.4, oil, 405 nm.', () => {
    const params = parse('magnification=63&naMin=1.4&immersion=oil&wavelength=405');
    expect(params).toMatchObject({ magnification: 63, naMin: 1.4, immersion: 'oil', wavelengths: [405], tolerance: 5 });
    expect(hasHardwareFacets(params)).toBe(true);
    expect(IMMERSIONS[params.immersion ?? 'other'].values).toContain('Mineral Oil');
  });

  it('accepts units people type, comma lists and repeated values (each once).', () => {
    expect(parse('magnification=63x&wavelength=405nm&tolerance=3%20nm')).toMatchObject({ magnification: 63, wavelengths: [405], tolerance: 3 });
    expect(parse('wavelength=405,488&wavelength=561&wavelength=488').wavelengths).toEqual([405, 488, 561]);
    expect(parse('type=instrument,facility&type=instance').types).toEqual(['instrument', 'facility']);
    expect(parse('detector=HyD&detector=sCMOS').detectors).toEqual(['hyd', 'cmos']);
  });

  it('maps immersion names onto the NBO-Q immersion types.', () => {
    expect(parse('immersion=Mineral%20Oil').immersion).toBe('oil');
    expect(parse('immersion=silicone-oil').immersion).toBe('silicone');
    expect(parse('immersion=dry').immersion).toBe('air');
    expect(IMMERSIONS.silicone.values).toEqual(['Silicone Oil']);
    expect(IMMERSIONS.water.values).toEqual(['Water']);
  });

  it('reads a parsed query object (req.query) too, and refuses nested values.', () => {
    expect(parseSearchParams({ q: 'confocal', wavelength: ['405', '488'], naMin: '1.4' })).toMatchObject({ q: 'confocal', wavelengths: [405, 488], naMin: 1.4 });
    expectRejected({ q: { $ne: 1 } }, 'q');
    expectRejected({ wavelength: ['405', { a: 1 }] }, 'wavelength');
  });

  it('normalizes keywords: whitespace (newlines too) collapsed, lower-cased words, each once.', () => {
    const params = parse(`q=${encodeURIComponent('  Axio\n\tImager  axio ')}`);
    expect(params.q).toBe('Axio Imager axio');
    expect(keywords(params.q)).toEqual(['axio', 'imager']);
  });

  it('round-trips through searchQuery, which omits defaults.', () => {
    const params = parse('q=hela%20cells&type=instrument&standType=inverted&technique=confocal&magnification=63&naMin=1.4&naMax=1.5&immersion=oil&wavelength=405&wavelength=488&tolerance=2&detector=hyd&limit=10&offset=10&scope=federated');
    expect(parseSearchParams(searchQuery(params))).toEqual(params);
    expect(searchQuery(parse('q=x')).toString()).toBe('q=x');
    expect(searchQuery(params, { scope: 'local', offset: 0 }).get('scope')).toBeNull();
  });

  describe('refuses, naming the field,', () => {
    it.each([
      ['magnification', 'abc'], ['magnification', '63.0.1'], ['magnification', '-63'], ['magnification', '1e2'], ['magnification', '0x3F'],
      ['magnification', 'Infinity'], ['magnification', 'NaN'], ['magnification', '0'], ['magnification', '501'],
      ['naMin', 'high'], ['naMin', '1,4'], ['naMin', '2.5'], ['naMin', '-0.1'],
      ['naMax', '3'], ['wavelength', 'blue'], ['wavelength', '50'], ['wavelength', '405,abc'], ['wavelength', '2001'],
      ['tolerance', '51'], ['tolerance', 'five'], ['limit', '0'], ['limit', '101'], ['limit', '1.5'], ['limit', 'all'],
      ['offset', '-1'], ['offset', '10001'], ['offset', 'ten'],
    ])('a number out of shape or range: %s=%s.', (field, value) => {
      expectRejected(one(field, value), field);
    });

    it.each([
      ['type', 'publication'], ['type', 'instrument,person'], ['standType', 'sideways'], ['immersion', 'honey'], ['detector', 'eye'],
      ['scope', 'global'], ['format', 'xml'],
    ])('an unknown value: %s=%s, listing the allowed ones.', (field, value) => {
      const error = rejection(one(field, value));
      expect(error.details.field).toBe(field);
      expect(error.message).toMatch(/one of|must be/);
    });

    it('an unknown parameter (a typo would otherwise be ignored silently).', () => {
      expect(expectRejected(one('wavelenght', '405'), 'wavelenght')).toContain('Known parameters');
    });

    it('a single-valued parameter given twice.', () => {
      expectRejected(new URLSearchParams('q=a&q=b'), 'q');
      expectRejected(new URLSearchParams('naMin=1&naMin=1.4'), 'naMin');
    });

    it('naMax below naMin.', () => {
      expectRejected(new URLSearchParams('naMin=1.4&naMax=1.2'), 'naMax');
    });

    it('too many keywords, wavelengths or detectors.', () => {
      expectRejected(one('q', 'a b c d e f g h i j k'), 'q');
      expectRejected(one('wavelength', '405,488,561,640,730,780,850'), 'wavelength');
      expectRejected(one('detector', 'pmt,hyd,apd,cmos,ccd'), 'detector');
    });

    it('a federated page beyond what peers return.', () => {
      expectRejected(new URLSearchParams('scope=federated&offset=90&limit=20'), 'offset');
      expect(parse('scope=federated&offset=80&limit=20').offset).toBe(80);
    });

    it('free text with control characters.', () => {
      expectRejected(one('q', 'abc\u0000def'), 'q');
      expectRejected(one('technique', 'con\u001bfocal'), 'technique');
    });
  });

  describe('withstands injection attempts', () => {
    const names = ['q', 'type', 'standType', 'technique', 'magnification', 'naMin', 'naMax', 'immersion', 'wavelength', 'tolerance', 'detector', 'limit', 'offset', 'scope', 'format'];

    it.each(names)('in %s: structured parameters refuse them with a 400 naming the field.', (name) => {
      for (const payload of INJECTIONS) {
        if (name === 'q' || name === 'technique') continue;
        expectRejected(one(name, payload), name);
      }
    });

    it.each(names)('in %s: 10,000 characters are refused.', (name) => {
      expectRejected(one(name, 'x'.repeat(10_000)), name);
    });

    it('in a parameter name.', () => {
      expectRejected(one('q") } ; DROP', 'x'), 'q") } ; DROP');
    });

    it.each([...INJECTIONS, 'backslash at the end \\', 'tab\there', 'new\nline', 'émoji 🔬 and "quotes"'])(
      'in free text: %j stays one literal in every query built from it.', (payload) => {
        const params = parseSearchParams(new URLSearchParams([['q', payload], ['technique', payload]]));
        // A harmless search with as many keywords: its queries have the shape the payload's must keep.
        const benign = buildSearchQueries(parseSearchParams(new URLSearchParams([['q', keywords(params.q).map((_, i) => `word${i}`).join(' ')], ['technique', 'def']])));
        const built = buildSearchQueries(params);
        for (const [kind, text] of [['page', built.page], ['counts', built.counts]] as const) {
          const reference = benign[kind];
          expect(text).toBeDefined();
          expect(reference).toBeDefined();
          const parsed = termsOf(new sparqljs.Parser().parse(text ?? ''));
          // The same variables as a harmless search: no pattern was smuggled in.
          expect([...parsed.variables].sort()).toEqual([...termsOf(new sparqljs.Parser().parse(reference ?? '')).variables].sort());
          // Each keyword reached the query intact, as a literal.
          for (const word of keywords(params.q)) expect(parsed.literals).toContain(word);
          expect(parsed.literals).toContain((params.technique ?? '').toLowerCase());
        }
      },
    );
  });
});

describe('sparqlString', () => {
  it.each([
    ...INJECTIONS, '', 'plain', 'quote " and apostrophe \'', 'back\\slash', 'line\nfeed\rreturn\ttab', 'bell\u0007 and del\u007f',
    'ends with a backslash \\', '\\\\u0022', 'é 🔬 中文', 'x'.repeat(10_000),
  ])('writes %j as a literal both sparqljs and Oxigraph read back exactly.', (value) => {
    const literal = sparqlString(value);
    expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
    // Nothing that ends a line or a literal appears raw inside it.
    expect(literal.slice(1, -1)).not.toMatch(/(?<!\\)(?:\\\\)*"|[\n\r]/);
    expect(sparqljsValue(literal)).toBe(value);
    expect(oxigraphValue(literal)).toBe(value);
  });
});

describe('sparqlNumber', () => {
  it('writes plain decimals, never an exponent, and refuses what is not finite.', () => {
    expect(sparqlNumber(405)).toBe('405');
    expect(sparqlNumber(1.4)).toBe('1.4');
    expect(sparqlNumber(1e-7)).toBe('0.0000001');
    expect(sparqlNumber(1e21)).not.toMatch(/e/i);
    expect(() => sparqlNumber(Number.NaN)).toThrow(RangeError);
    expect(() => sparqlNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('buildSearchQueries', () => {
  it('writes the facets as numbers and whitelisted terms, in queries that parse.', () => {
    const { page, counts } = buildSearchQueries(parse('magnification=63&naMin=1.4&immersion=oil&wavelength=403&tolerance=5&detector=hyd&standType=inverted'));
    expect(page).toContain('= 63)');
    expect(page).toContain('>= 1.4');
    expect(page).toContain('"Mineral Oil", "Oil"');
    expect(page).toContain('>= 398 &&');
    expect(page).toContain('<= 408)');
    expect(page).toContain('nboq:HybridPhotoDetector');
    expect(() => new sparqljs.Parser().parse(page ?? '')).not.toThrow();
    expect(() => new sparqljs.Parser().parse(counts ?? '')).not.toThrow();
  });

  it('asks nothing when no type asked for can meet the facets.', () => {
    expect(buildSearchQueries(parse('type=dataset&wavelength=405')).page).toBeUndefined();
    expect(buildSearchQueries(parse('type=dataset&wavelength=405')).counts).toBeDefined();
  });
});
