import { describe, expect, it, vi } from 'vitest';
import type { Mocked } from 'vitest';
import { NBOQ_NS } from '../../../src/domain/namespaces.js';
import { PHD } from '../../../src/domain/vocabulary.js';
import { DETECTORS, IMMERSIONS, SEARCH_TYPES, parseSearchParams } from '../../../src/search/search-params.js';
import type { DetectorKind, Immersion } from '../../../src/search/search-params.js';
import { SearchService } from '../../../src/search/search-service.js';
import type { SearchServiceOptions } from '../../../src/search/search-service.js';
import { answer, branchFacts, branchOf, queryFacts, row, typesOf } from './sparql-facts.js';
import type { QueryFacts } from './sparql-facts.js';

// The SPARQL the search service sends for each filter, read from a mocked query runner and parsed
// with sparqljs: which result types each query asks for, and what each type's part requires.

const BASE = 'https://phd.example.org';
const CLASS_OF = {
  facility: PHD.Facility, instrument: PHD.InstrumentInstance, model: PHD.InstrumentModel,
  configuration: PHD.HardwareConfiguration, dataset: PHD.Dataset,
} as const;

/** Runs one search over a runner that answers every query with no rows; returns what it was sent. */
async function sent(query: string): Promise<{ page: QueryFacts | undefined; counts: QueryFacts | undefined; all: QueryFacts[] }> {
  const options: Mocked<Pick<SearchServiceOptions, 'run'>> = { run: vi.fn(() => Promise.resolve(answer([]))) };
  await new SearchService({ ...options, baseUrl: BASE }).search(parseSearchParams(new URLSearchParams(query)));
  const all = options.run.mock.calls.map(([text]) => queryFacts(text));
  return { page: all.find((q) => q.kind === 'page'), counts: all.find((q) => q.kind === 'counts'), all };
}

describe('The SPARQL a SearchService sends', () => {
  it('is one ranked page and one count per type, both valid SPARQL, and no details query for an empty page.', async () => {
    const { page, counts, all } = await sent('');
    expect(all.map((q) => q.kind).sort()).toEqual(['counts', 'page']);
    expect(page?.variables.slice(0, 4)).toEqual(['item', 'type', 'label', 'score']);
    expect(counts?.variables).toEqual(['type', 'count']);
    expect(counts?.parsed.group?.map((g) => ('termType' in g.expression ? g.expression.value : undefined))).toEqual(['type']);
  });

  it('asks for every type, each by its class, when no facet is given, and scores every result 1.', async () => {
    const { page, counts } = await sent('');
    expect(typesOf(page)).toEqual([...SEARCH_TYPES]);
    expect(typesOf(counts)).toEqual([...SEARCH_TYPES]);
    for (const type of SEARCH_TYPES) expect([...branchOf(page, type).classes]).toEqual([CLASS_OF[type]]);
    const score = page?.parsed.where?.find((p) => p.type === 'bind' && p.variable.value === 'score');
    expect(score).toMatchObject({ expression: { termType: 'Literal', value: '1' } });
  });

  it('cuts the page at limit and offset.', async () => {
    const { page, counts } = await sent('limit=7&offset=21');
    expect(page?.limit).toBe(7);
    expect(page?.offset).toBe(21);
    expect(counts?.limit).toBeUndefined();
  });

  it('ranks only the types asked for, and still counts every type the search can return.', async () => {
    const { page, counts } = await sent('type=instrument&type=dataset');
    expect(typesOf(page).sort()).toEqual(['dataset', 'instrument']);
    expect(typesOf(counts)).toEqual([...SEARCH_TYPES]);
  });

  it('requires every keyword, lower-cased, in each type\'s texts, and scores the label with the words and the phrase.', async () => {
    const { page, counts } = await sent('q=Leica%20SP8');
    for (const query of [page, counts]) {
      for (const type of SEARCH_TYPES) {
        const branch = branchOf(query, type);
        expect(branch.comparisons).toContain('contains text0 leica');
        expect(branch.comparisons).toContain('contains text1 sp8');
      }
    }
    // Keywords are looked for in the names of what a result is or was made with, too.
    expect(branchOf(page, 'instrument').predicates).toContain(PHD.instanceOf);
    expect(branchOf(page, 'facility').predicates).toContain(PHD.hostedBy);
    const score = page?.parsed.where?.find((p) => p.type === 'bind' && p.variable.value === 'score');
    expect(score).toBeDefined();
    expect([...branchFacts(score).comparisons]).toEqual(expect.arrayContaining([
      'contains sortLabel leica', 'contains sortLabel sp8', 'contains sortLabel leica sp8', '= sortLabel leica sp8',
    ]));
  });

  it('requires the magnification of one objective of the current configuration, for instruments and the facilities operating them.', async () => {
    const { page, counts } = await sent('magnification=63');
    expect(typesOf(page)).toEqual(['facility', 'instrument']);
    expect(typesOf(counts)).toEqual(['facility', 'instrument']);
    const instrument = branchOf(page, 'instrument');
    expect(instrument.comparisons).toContain('= magnification 63');
    expect(instrument.classes).toContain(`${NBOQ_NS}Objective`);
    expect(instrument.predicates).toContain(PHD.hasConfiguration);
    expect(instrument.predicates).toContain(PHD.validFrom);
    const facility = branchOf(page, 'facility');
    expect(facility.predicates).toContain(PHD.operates);
    expect(facility.comparisons).toContain('= fmagnification 63');
    expect(page?.variables).toContain('matchObjective');
    expect(page?.variables).toContain('matchInstruments');
  });

  it('bounds the numerical aperture from below and above.', async () => {
    const { page } = await sent('naMin=1.2&naMax=1.45');
    const instrument = branchOf(page, 'instrument');
    expect(instrument.comparisons).toContain('>= na 1.2');
    expect(instrument.comparisons).toContain('<= na 1.45');
    expect(instrument.predicates).toContain(`${NBOQ_NS}lensNA`);
  });

  it.each(Object.keys(IMMERSIONS) as Immersion[])('accepts the NBO-Q immersion values of %s, and no other.', async (immersion) => {
    const { page } = await sent(`immersion=${immersion}`);
    expect(branchOf(page, 'instrument').comparisons).toContain(`in immersion ${IMMERSIONS[immersion].values.join('|')}`);
    expect(branchOf(page, 'facility').comparisons).toContain(`in fimmersion ${IMMERSIONS[immersion].values.join('|')}`);
  });

  it('needs a light source peaking within the tolerance of each wavelength.', async () => {
    const { page } = await sent('wavelength=488&wavelength=561&tolerance=3');
    const instrument = branchOf(page, 'instrument');
    for (const [i, nm] of [488, 561].entries()) {
      expect(instrument.comparisons).toContain(`>= peak${i} ${nm - 3}`);
      expect(instrument.comparisons).toContain(`<= peak${i} ${nm + 3}`);
    }
    expect(instrument.predicates).toContain(`${NBOQ_NS}peakWavelength_nm`);
    expect(page?.variables).toEqual(expect.arrayContaining(['matchSource0', 'matchSource1']));
  });

  it.each(Object.keys(DETECTORS) as DetectorKind[])('needs a detector of the classes of %s.', async (kind) => {
    const { page } = await sent(`detector=${kind}`);
    const instrument = branchOf(page, 'instrument');
    const spec: { readonly classes: readonly string[]; readonly condition?: string } = DETECTORS[kind];
    expect(instrument.values.get('detectorClass0')).toEqual(spec.classes.map((c) => `${NBOQ_NS}${c}`));
    expect(instrument.comparisons.has('= detectorType0 emccd')).toBe(spec.condition === 'emccd');
    expect(instrument.comparisons.has('= avalanche0 true')).toBe(spec.condition === 'apd');
    expect(page?.variables).toContain('matchDetector0');
  });

  it('matches the stand type by the model, or by a stand component of the current configuration, and also returns models.', async () => {
    const { page, counts } = await sent('standType=inverted');
    expect(typesOf(page)).toEqual(['facility', 'instrument', 'model']);
    expect(typesOf(counts)).toEqual(['facility', 'instrument', 'model']);
    const instrument = branchOf(page, 'instrument');
    expect(instrument.comparisons).toContain('= standType inverted');
    expect(instrument.classes).toContain(`${NBOQ_NS}InvertedMicroscopeStand`);
    expect(branchOf(page, 'model').comparisons).toContain('= modelStandType inverted');
  });

  it('looks for the technique, lower-cased, in the instrument, its model, and the models searched.', async () => {
    const { page } = await sent('technique=Confocal');
    expect(typesOf(page)).toEqual(['facility', 'instrument', 'model']);
    expect(branchOf(page, 'instrument').comparisons).toContain('contains technique confocal');
    expect(branchOf(page, 'facility').comparisons).toContain('contains ftechnique confocal');
    expect(branchOf(page, 'model').comparisons).toContain('contains modelTechnique confocal');
    expect(page?.variables).toContain('matchTechnique');
  });

  it('ranks nothing when no type asked for can meet the facets, and answers the counts alone.', async () => {
    const options: Mocked<Pick<SearchServiceOptions, 'run'>> = {
      run: vi.fn(() => Promise.resolve(answer([row({ type: 'instrument', count: '3' }), row({ type: 'facility', count: '2' })]))),
    };
    const results = await new SearchService({ ...options, baseUrl: BASE }).search(parseSearchParams(new URLSearchParams('type=dataset&wavelength=405')));
    expect(options.run).toHaveBeenCalledTimes(1);
    expect(queryFacts(options.run.mock.calls[0]?.[0] ?? '').kind).toBe('counts');
    expect(results.results).toEqual([]);
    expect(results.total).toBe(0);
    expect(results.facets?.type.instrument).toBe(3);
  });
});
