import { describe, expect, it, vi } from 'vitest';
import type { Mocked } from 'vitest';
import { ServiceUnavailableError } from '../../../src/errors/phd-error.js';
import { recordHref } from '../../../src/pid/record-href.js';
import type { SparqlBinding, SparqlJson } from '../../../src/representation/sparql-json.js';
import { SEARCH_TYPES, parseSearchParams } from '../../../src/search/search-params.js';
import type { SearchParams } from '../../../src/search/search-params.js';
import { SearchService } from '../../../src/search/search-service.js';
import type { SearchServiceOptions } from '../../../src/search/search-service.js';
import { answer, queryFacts, row } from './sparql-facts.js';

// The search service over a mocked query runner: it answers each query the service sends (the
// ranked page, the counts, the details of the page) with fixed rows, so what is tested is how the
// service asks for the details and maps rows to results.

const BASE = 'https://phd.example.org';
const INSTRUMENT = `${BASE}/id/instance/sp8`;
const FACILITY = 'https://identifiers.org/RRID:SCR_999001';
const MODEL = 'https://w3id.org/vendor/model/sp8';
const CONFIGURATION = 'https://doi.org/10.5072/sp8.v2';
const DATASET = `${BASE}/id/dataset/run-1`;

/** What the mocked runner answers, per kind of query. */
interface Answers {
  readonly page?: readonly SparqlBinding[];
  readonly counts?: readonly SparqlBinding[];
  readonly details?: readonly SparqlBinding[];
}

function searchOver(answers: Answers, baseUrl = BASE): { search: SearchService; run: Mocked<Pick<SearchServiceOptions, 'run'>>['run'] } {
  const run = vi.fn((query: string): Promise<SparqlJson> => Promise.resolve(answer(answers[queryFacts(query).kind] ?? [])));
  return { search: new SearchService({ run, baseUrl }), run };
}

const parse = (query: string): SearchParams => parseSearchParams(new URLSearchParams(query));

/** The queries of one kind the runner was sent. */
function sentOf(run: Mocked<Pick<SearchServiceOptions, 'run'>>['run'], kind: 'page' | 'counts' | 'details'): ReturnType<typeof queryFacts>[] {
  return run.mock.calls.map(([text]) => queryFacts(text)).filter((q) => q.kind === kind);
}

describe('A SearchService', () => {
  it('asks for the details of exactly the IRIs of the page, with their types, in one query.', async () => {
    const { search, run } = searchOver({
      page: [
        row({ item: INSTRUMENT, type: 'instrument', label: 'SP8', score: '1' }),
        row({ item: FACILITY, type: 'facility', label: 'Core A', score: '1' }),
        // Neither a literal in the item's place nor an IRI no query can carry is ever written into a query.
        { item: { type: 'literal', value: 'not an IRI' }, type: { type: 'literal', value: 'model' } },
        row({ item: 'https://example.org/a b>', type: 'model' }),
        row({ item: 'https://example.org/unknown-type', type: 'spaceship' }),
      ],
    });
    await search.search(parse(''));
    const details = sentOf(run, 'details');
    expect(details).toHaveLength(1);
    expect(details[0]?.rows).toEqual([{ item: INSTRUMENT, type: 'instrument' }, { item: FACILITY, type: 'facility' }]);
  });

  it('maps each row and its details to a result: label, score, links to landing pages, summary, source.', async () => {
    const { search } = searchOver({
      page: [
        row({ item: INSTRUMENT, type: 'instrument', label: 'Leica SP8', score: '5' }),
        row({ item: CONFIGURATION, type: 'configuration', label: 'SP8 v2', score: '3' }),
      ],
      details: [
        row({
          item: INSTRUMENT, type: 'instrument', facility: FACILITY, facilityLabel: 'Core A', model: MODEL, modelLabel: 'TCS SP8',
          configuration: CONFIGURATION, configurationLabel: 'SP8 v2', manufacturer: 'Leica', since: '2024-06-01',
        }),
        row({ item: CONFIGURATION, type: 'configuration', instance: INSTRUMENT, version: '2', since: '2024-06-01' }),
      ],
    });
    const { results } = await search.search(parse('q=sp8'));
    expect(results).toEqual([
      {
        iri: INSTRUMENT, type: 'instrument', label: 'Leica SP8', score: 5, summary: 'Leica · current configuration since 2024-06-01',
        facility: { iri: FACILITY, label: 'Core A', href: '/pid/RRID:SCR_999001' },
        model: { iri: MODEL, label: 'TCS SP8', href: `/pid/${encodeURIComponent(MODEL)}` },
        configuration: { iri: CONFIGURATION, label: 'SP8 v2', href: '/pid/doi:10.5072/sp8.v2' },
        href: '/id/instance/sp8', source: BASE,
      },
      {
        iri: CONFIGURATION, type: 'configuration', label: 'SP8 v2', score: 3, summary: 'version 2 · valid from 2024-06-01 (current)',
        // A linked record without a name is labelled with its IRI.
        instance: { iri: INSTRUMENT, label: INSTRUMENT, href: '/id/instance/sp8' },
        href: '/pid/doi:10.5072/sp8.v2', source: BASE,
      },
    ]);
  });

  it('links every result and linked record as the landing pages do (recordHref), whatever the base URL\'s trailing slashes.', async () => {
    const rows = [FACILITY, MODEL, CONFIGURATION, DATASET, 'https://orcid.org/0000-0002-1825-0097', 'https://doi.org/10.5072/Ünï code%41']
      .map((iri) => row({ item: iri, type: 'dataset', label: iri, configuration: iri }));
    const { search } = searchOver({ page: rows }, `${BASE}//`);
    const { results } = await search.search(parse(''));
    expect(results).toHaveLength(rows.length);
    for (const result of results) {
      expect(result.href).toBe(recordHref(result.iri, BASE));
      expect(result.configuration?.href).toBe(recordHref(result.iri, BASE));
      expect(result.source).toBe(BASE);
    }
    expect(results.find((r) => r.iri === DATASET)?.href).toBe('/id/dataset/run-1');
  });

  it.each([
    ['facility', { host: 'University X' }, 'hosted by University X'],
    ['instrument', { manufacturer: 'Zeiss' }, 'Zeiss'],
    ['model', { manufacturer: 'Nikon', stand: 'inverted', techniques: 'confocal, TIRF' }, 'Nikon · inverted stand · confocal, TIRF'],
    ['configuration', { version: '1', since: '2023-01-15', until: '2024-06-01' }, 'version 1 · valid 2023-01-15 to 2024-06-01'],
    ['dataset', { created: '2024-05-02T10:11:12Z' }, 'acquired 2024-05-02'],
    ['dataset', { created: '' }, undefined],
  ] as const)('writes the summary of a %s from its details (%j).', async (type, details, summary) => {
    const { search } = searchOver({ page: [row({ item: DATASET, type })], details: [row({ item: DATASET, type, ...details })] });
    const [result] = (await search.search(parse(''))).results;
    expect(result?.summary).toBe(summary);
  });

  it('says which components met the facets, as people read them, once per component.', async () => {
    const { search } = searchOver({
      page: [row({
        item: INSTRUMENT, type: 'instrument', label: 'SP8', score: '1',
        matchObjective: 'HC PL APO 63x\t63\t1.40\tMineral Oil',
        matchSource0: '405 nm diode\t405.0', matchSource1: '405 nm diode\t405.0',
        matchDetector0: 'HyD 1',
        matchTechnique: 'confocal',
      })],
    });
    const [result] = (await search.search(parse('magnification=63&wavelength=405&wavelength=407&detector=hyd&technique=confocal&standType=inverted'))).results;
    expect(result?.matched).toEqual({
      objective: 'HC PL APO 63x (63x, NA 1.4, Mineral Oil)',
      lightSource: '405 nm diode (405 nm)',
      detector: 'HyD 1',
      technique: 'confocal',
      stand: 'inverted',
    });
  });

  it('gives no matches for a search without facets, and the objective\'s name alone when it states no facts.', async () => {
    const { search } = searchOver({
      page: [
        row({ item: INSTRUMENT, type: 'instrument' }),
        row({ item: FACILITY, type: 'facility', matchObjective: 'Plan 10x\t\t\t', matchInstruments: '' }),
      ],
    });
    const [instrument, facility] = (await search.search(parse(''))).results;
    expect(instrument?.matched).toBeUndefined();
    expect(facility?.matched).toEqual({ objective: 'Plan 10x' });
    // Without a label or a score, a result is named by its IRI and scored 1.
    expect(instrument?.label).toBe(INSTRUMENT);
    expect(instrument?.score).toBe(1);
  });

  it('counts matches per type, and totals the types asked for.', async () => {
    const counts = [row({ type: 'instrument', count: '4' }), row({ type: 'facility', count: '2' }), row({ type: 'dataset', count: '7' }), row({ type: 'spaceship', count: '99' })];
    const all = await searchOver({ counts }).search.search(parse(''));
    expect(all.facets?.type).toEqual({ ...Object.fromEntries(SEARCH_TYPES.map((t) => [t, 0])), instrument: 4, facility: 2, dataset: 7 });
    expect(all.total).toBe(13);
    const some = await searchOver({ counts }).search.search(parse('type=instrument&type=model'));
    expect(some.total).toBe(4);
    expect(some.facets).toEqual(all.facets);
  });

  it('answers with the normalized search it ran.', async () => {
    const params = parse('q=%20%20leica%20%20&limit=5');
    expect((await searchOver({}).search.search(params)).query).toBe(params);
  });

  it('fails as the query runner fails, and asks for no details then.', async () => {
    const failure = new ServiceUnavailableError('The query took too long.', { code: 'query-timeout' });
    const run = vi.fn<SearchServiceOptions['run']>(() => Promise.reject(failure));
    await expect(new SearchService({ run, baseUrl: BASE }).search(parse('q=x'))).rejects.toBe(failure);
    expect(run.mock.calls.map(([text]) => queryFacts(text).kind).sort()).toEqual(['counts', 'page']);
  });
});
