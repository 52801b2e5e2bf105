import { describe, expect, it } from 'vitest';
import { ConfigurationTimeline, compareVersions } from '../../../src/domain/configuration-timeline.js';
import type { ConfigurationVersion } from '../../../src/domain/configuration-timeline.js';

const version = (iri: string, validFrom: string | undefined, versionNumber?: number): ConfigurationVersion =>
  ({ iri: `https://example.org/id/configuration/${iri}`, validFrom, versionNumber });

const v1 = version('v1', '2019-03-01', 1);
const v2 = version('v2', '2022-06-15', 2);
const v3 = version('v3', '2024-01-10', 3);

describe('A ConfigurationTimeline', () => {
  it('orders versions by validFrom whatever order they are given in.', () => {
    expect(new ConfigurationTimeline([v3, v1, v2]).versions).toEqual([v1, v2, v3]);
    expect(new ConfigurationTimeline([v2, v3, v1]).versions).toEqual([v1, v2, v3]);
  });

  it('orders versions valid from the same day by version number, then by IRI.', () => {
    const a = version('a', '2022-06-15', 2);
    const b = version('b', '2022-06-15', 2);
    const first = version('z', '2022-06-15', 1);
    const unnumbered = version('y', '2022-06-15');
    expect(new ConfigurationTimeline([b, a, first, unnumbered]).versions).toEqual([unnumbered, first, a, b]);
    expect(new ConfigurationTimeline([a, unnumbered, b, first]).versions).toEqual([unnumbered, first, a, b]);
  });

  it('puts a version without a date first and never has it in effect.', () => {
    const undated = version('undated', undefined, 5);
    const timeline = new ConfigurationTimeline([v2, undated, v1]);
    expect(timeline.versions).toEqual([undated, v1, v2]);
    expect(timeline.inEffectOn('2019-02-28')).toBeUndefined();
    expect(timeline.firstValidFrom).toBe('2019-03-01');
    expect(timeline.latest).toBe(v2);
  });

  it('gives the version valid from exactly that day as the one in effect on it.', () => {
    const timeline = new ConfigurationTimeline([v1, v2, v3]);
    expect(timeline.inEffectOn('2019-03-01')).toBe(v1);
    expect(timeline.inEffectOn('2022-06-15')).toBe(v2);
    expect(timeline.inEffectOn('2022-06-14')).toBe(v1);
  });

  it('has no version in effect before the first one.', () => {
    const timeline = new ConfigurationTimeline([v2, v1]);
    expect(timeline.inEffectOn('2019-02-28')).toBeUndefined();
    expect(new ConfigurationTimeline<ConfigurationVersion>([]).inEffectOn('2030-01-01')).toBeUndefined();
  });

  it('keeps the latest version in effect on every later day.', () => {
    const timeline = new ConfigurationTimeline([v1, v3, v2]);
    expect(timeline.latest).toBe(v3);
    expect(timeline.inEffectOn('2024-01-10')).toBe(v3);
    expect(timeline.inEffectOn('2999-12-31')).toBe(v3);
    expect(new ConfigurationTimeline<ConfigurationVersion>([]).latest).toBeUndefined();
  });

  it('takes the last of versions valid from the same day as the one in effect on it.', () => {
    const again = version('v2-fix', '2022-06-15', 3);
    expect(new ConfigurationTimeline([again, v1, v2]).inEffectOn('2023-01-01')).toBe(again);
  });

  it('derives validUntil from the next version and leaves the latest open-ended.', () => {
    const timeline = new ConfigurationTimeline([v3, v1, v2]);
    expect(timeline.dated()).toEqual([
      { ...v1, validUntil: '2022-06-15' },
      { ...v2, validUntil: '2024-01-10' },
      { ...v3, validUntil: undefined },
    ]);
    expect(timeline.validUntil(v1)).toBe('2022-06-15');
    expect(timeline.validUntil(v3)).toBeUndefined();
    expect(timeline.validUntil(version('other', '2020-01-01', 1))).toBeUndefined();
  });

  it('names the version before each one in time order as its predecessor, and none for the first.', () => {
    const timeline = new ConfigurationTimeline([v3, v1, v2]);
    expect(timeline.predecessor(v3)).toBe(v2);
    expect(timeline.predecessor(v2)).toBe(v1);
    expect(timeline.predecessor(v1)).toBeUndefined();
    expect(timeline.predecessor(version('other', '2020-01-01', 1))).toBeUndefined();
  });

  it('numbers a new version one past the highest number, whatever the dates.', () => {
    expect(new ConfigurationTimeline([v1, v3, version('early', '2010-01-01', 7)]).nextVersionNumber).toBe(8);
    expect(new ConfigurationTimeline([version('unnumbered', '2020-01-01')]).nextVersionNumber).toBe(1);
    expect(new ConfigurationTimeline<ConfigurationVersion>([]).nextVersionNumber).toBe(1);
  });

  it('keeps what callers carry along on each version.', () => {
    const withGraph = { ...v1, label: 'SP8, 2019 set-up' };
    const [first] = new ConfigurationTimeline([withGraph]).dated();
    expect(first?.label).toBe('SP8, 2019 set-up');
  });
});

describe('compareVersions', () => {
  it('is 0 only for the same version and antisymmetric otherwise.', () => {
    expect(compareVersions(v1, v1)).toBe(0);
    expect(Math.sign(compareVersions(v1, v2))).toBe(-Math.sign(compareVersions(v2, v1)));
    expect(compareVersions(v1, v2)).toBeLessThan(0);
  });
});
