import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3, { type Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { NBOQ_NS, PHD_NS, PREFIXES, UNIT_NS } from '../../../src/domain/namespaces.js';
import {
  type ConfigurationRecord,
  diffConfigurations,
  diffSummary,
} from '../../../src/pid/configuration-diff.js';
import { diffSection } from '../../../src/pages/diff-section.js';
import { DATA_DIR } from '../../../src/validation/model-files.js';

const { namedNode, literal, quad } = N3.DataFactory;

const INSTANCE = 'https://doi.org/10.5072/phd.ecc.sp8';
const V1 = 'https://doi.org/10.5072/phd.ecc.sp8.v1';
const V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const XSD = PREFIXES.xsd;

let all: Quad[];

/** One configuration record as the store keeps it: its node, nodes under its IRI, and the link to it. */
function record(iri: string, quads: readonly Quad[] = all): ConfigurationRecord {
  return {
    iri,
    quads: quads.filter(
      (q) => q.subject.value === iri || q.subject.value.startsWith(`${iri}/`) || (q.predicate.value === `${PHD_NS}hasConfiguration` && q.object.value === iri),
    ),
  };
}

/** Replaces the object of one triple of a record. */
function withObject(rec: ConfigurationRecord, subject: string, property: string, object: Quad['object']): ConfigurationRecord {
  const kept = rec.quads.filter((q) => !(q.subject.value === subject && q.predicate.value === property));
  expect(kept.length).toBe(rec.quads.length - 1);
  return { iri: rec.iri, quads: [...kept, quad(namedNode(subject), namedNode(property), object)] };
}

/** The same record under another configuration IRI (every IRI under the old one renamed). */
function renamed(rec: ConfigurationRecord, iri: string): ConfigurationRecord {
  const rename = <T extends Quad['subject'] | Quad['object']>(t: T): T =>
    t.termType === 'NamedNode' && (t.value === rec.iri || t.value.startsWith(`${rec.iri}/`)) ? (namedNode(iri + t.value.slice(rec.iri.length)) as T) : t;
  return { iri, quads: rec.quads.map((q) => quad(rename(q.subject), q.predicate, rename(q.object))) };
}

beforeAll(() => {
  all = new N3.Parser().parse(readFileSync(join(DATA_DIR, 'configuration-ecc-sp8.ttl'), 'utf8'));
});

describe('diffConfigurations on the SP8 sample (PMT 2 replaced by a HyD)', () => {
  it('finds pmt2 removed, hyd2 added and the six other parts unchanged.', () => {
    const diff = diffConfigurations(record(V1), record(V2));
    expect(diff.removed).toEqual([{ identifier: 'pmt2', iri: `${V1}/component/pmt2`, class: `${NBOQ_NS}PhotoMultiplierTube`, label: 'PMT 2' }]);
    expect(diff.added).toEqual([{ identifier: 'hyd2', iri: `${V2}/component/hyd2`, class: `${NBOQ_NS}HybridPhotoDetector`, label: 'HyD 2' }]);
    expect(diff.changed).toEqual([]);
    expect(diff.unchanged).toBe(6);
    expect(diff.sameInstance).toBe(true);
    expect(diff.from).toEqual({ iri: V1, label: 'SP8 confocal, 2019 set-up (2 PMTs)', validFrom: '2019-03-01', instance: INSTANCE });
    expect(diff.to).toMatchObject({ iri: V2, validFrom: '2022-06-15', instance: INSTANCE });
  });

  it('reports the configuration node’s own changed literals, not its component or revision links.', () => {
    const { configurationFields } = diffConfigurations(record(V1), record(V2));
    const byName = new Map(configurationFields.map((f) => [f.name, f]));
    expect(byName.get('validFrom')).toEqual({ property: `${PHD_NS}validFrom`, name: 'validFrom', before: ['2019-03-01'], after: ['2022-06-15'] });
    expect(byName.get('label')).toEqual({
      property: `${PREFIXES.rdfs}label`,
      name: 'label',
      before: ['SP8 confocal, 2019 set-up (2 PMTs)'],
      after: ['SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)'],
    });
    expect(byName.get('versionNumber')).toMatchObject({ before: ['1'], after: ['2'] });
    expect(byName.has('tier')).toBe(false);
    const properties = configurationFields.map((f) => f.property);
    expect(properties).not.toContain(`${PHD_NS}hasComponent`);
    expect(properties).not.toContain(`${PREFIXES.prov}wasRevisionOf`);
    expect(properties).toEqual([...properties].sort());
  });

  it('shows a changed laser power as one changed component, with the flattened path and before/after values.', () => {
    const range = `${V2}/component/laser488/range/1`;
    let v2 = withObject(record(V2), range, `${NBOQ_NS}illuminationPower`, literal('0.03', namedNode(`${XSD}decimal`)));
    v2 = withObject(v2, range, `${NBOQ_NS}illuminationPower_mW`, literal('30', namedNode(`${XSD}double`)));
    const diff = diffConfigurations(record(V1), v2);
    expect(diff.unchanged).toBe(5);
    expect(diff.changed).toHaveLength(1);
    const [change] = diff.changed;
    expect(change?.identifier).toBe('laser488');
    expect(change?.from.iri).toBe(`${V1}/component/laser488`);
    expect(change?.to.iri).toBe(`${V2}/component/laser488`);
    expect(change?.fields).toEqual([
      { property: `${NBOQ_NS}illuminationPower`, name: 'illuminationWavelengthRange[1].illuminationPower', before: ['0.02'], after: ['0.03'] },
      { property: `${NBOQ_NS}illuminationPower_mW`, name: 'illuminationWavelengthRange[1].illuminationPower_mW', before: ['2.0E1'], after: ['30'] },
    ]);
  });

  it('shows a changed objective NA and a changed unit (by local name).', () => {
    const objective = `${V2}/component/objective63x`;
    let v2 = withObject(record(V2), objective, `${NBOQ_NS}lensNA`, literal('1.3', namedNode(`${XSD}decimal`)));
    v2 = withObject(v2, `${V2}/component/laser405/range/1`, `${NBOQ_NS}peakWavelengthUnit`, namedNode(`${UNIT_NS}MicroM`));
    const diff = diffConfigurations(record(V1), v2);
    expect(diff.changed.map((c) => c.identifier)).toEqual(['laser405', 'objective63x']);
    expect(diff.changed[0]?.fields).toEqual([
      { property: `${NBOQ_NS}peakWavelengthUnit`, name: 'illuminationWavelengthRange[1].peakWavelengthUnit', before: ['NanoM'], after: ['MicroM'] },
    ]);
    expect(diff.changed[1]?.fields).toEqual([{ property: `${NBOQ_NS}lensNA`, name: 'lensNA', before: ['1.40'], after: ['1.3'] }]);
    expect(diffSummary(diff)).toBe('2 components changed, 1 added, 1 removed');
  });

  it('compares numbers by value, so a re-serialized 1.4 equals 1.40.', () => {
    const v2 = withObject(record(V2), `${V2}/component/objective63x`, `${NBOQ_NS}lensNA`, literal('1.4', namedNode(`${XSD}decimal`)));
    expect(diffConfigurations(record(V1), v2).unchanged).toBe(6);
  });

  it('treats a reused identifier with another class as a change of rdf:type.', () => {
    const v2 = withObject(record(V2), `${V2}/component/pmt1`, `${PREFIXES.rdf}type`, namedNode(`${NBOQ_NS}HybridPhotoDetector`));
    const [change] = diffConfigurations(record(V1), v2).changed;
    expect(change?.from.class).toBe(`${NBOQ_NS}PhotoMultiplierTube`);
    expect(change?.to.class).toBe(`${NBOQ_NS}HybridPhotoDetector`);
    expect(change?.fields).toEqual([
      { property: `${PREFIXES.rdf}type`, name: 'rdf:type', before: ['nboq:PhotoMultiplierTube'], after: ['nboq:HybridPhotoDetector'] },
    ]);
  });

  it('uses the labels map for field names.', () => {
    const v2 = withObject(record(V2), `${V2}/component/objective63x`, `${NBOQ_NS}lensNA`, literal('1.3', namedNode(`${XSD}decimal`)));
    const labels = new Map([[`${NBOQ_NS}lensNA`, 'lens NA']]);
    expect(diffConfigurations(record(V1), v2, labels).changed[0]?.fields[0]?.name).toBe('lens NA');
  });

  it('finds no changes between identical configurations, even under another configuration IRI.', () => {
    const same = diffConfigurations(record(V1), record(V1));
    expect(same).toMatchObject({ added: [], removed: [], changed: [], unchanged: 7, configurationFields: [], sameInstance: true });

    const copy = renamed(record(V1), 'https://example.org/id/configuration/copy');
    const diff = diffConfigurations(record(V1), copy);
    expect(diff).toMatchObject({ added: [], removed: [], changed: [], unchanged: 7, configurationFields: [] });
    expect(diff.sameInstance).toBe(true);
  });

  it('compares links between components by identifier and blank-node children by structure.', () => {
    const extra = (cfg: string, blank: string, power: string): ConfigurationRecord => {
      const base = record(cfg);
      const node = N3.DataFactory.blankNode(blank);
      return {
        iri: cfg,
        quads: [
          ...base.quads,
          quad(namedNode(`${cfg}/component/pmt1`), namedNode(`${NBOQ_NS}excitationSource`), namedNode(`${cfg}/component/laser405`)),
          quad(namedNode(`${cfg}/component/stand`), namedNode(`${NBOQ_NS}lampSetting`), node),
          quad(node, namedNode(`${NBOQ_NS}illuminationPower_mW`), literal(power, namedNode(`${XSD}double`))),
        ],
      };
    };
    expect(diffConfigurations(extra(V1, 'a', '5'), extra(V2, 'zz', '5')).unchanged).toBe(6);
    const diff = diffConfigurations(extra(V1, 'a', '5'), extra(V2, 'zz', '7'));
    expect(diff.changed).toEqual([
      expect.objectContaining({
        identifier: 'stand',
        fields: [{ property: `${NBOQ_NS}illuminationPower_mW`, name: 'lampSetting[1].illuminationPower_mW', before: ['5'], after: ['7'] }],
      }),
    ]);
    const relinked = withObject(extra(V2, 'zz', '5'), `${V2}/component/pmt1`, `${NBOQ_NS}excitationSource`, namedNode(`${V2}/component/laser488`));
    expect(diffConfigurations(extra(V1, 'a', '5'), relinked).changed[0]?.fields).toEqual([
      { property: `${NBOQ_NS}excitationSource`, name: 'excitationSource', before: ['405 nm diode laser (laser405)'], after: ['488 nm OPSL (laser488)'] },
    ]);
  });

  it('matches components without dcterms:identifier by the IRI segment after /component/.', () => {
    const strip = (rec: ConfigurationRecord): ConfigurationRecord => ({
      iri: rec.iri,
      quads: rec.quads.filter((q) => !(q.predicate.value === `${PREFIXES.dcterms}identifier` && q.subject.value.includes('/component/'))),
    });
    const diff = diffConfigurations(strip(record(V1)), strip(record(V2)));
    expect(diff.removed.map((c) => c.identifier)).toEqual(['pmt2']);
    expect(diff.added.map((c) => c.identifier)).toEqual(['hyd2']);
    expect(diff.unchanged).toBe(6);
  });

  it('is not the same instance when the instance links differ, and is JSON-serializable.', () => {
    const other = record(V2).quads.map((q) =>
      q.predicate.value === `${PHD_NS}hasConfiguration` ? quad(namedNode('https://doi.org/10.5072/other'), q.predicate, q.object) : q,
    );
    const diff = diffConfigurations(record(V1), { iri: V2, quads: other });
    expect(diff.sameInstance).toBe(false);
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
  });
});

describe('The diff section of the diff page', () => {
  const hrefOf = (iri: string) => `/pid/${encodeURIComponent(iri)}`;

  it('renders a section with the summary, a table per changed component and the added/removed lists.', () => {
    const v2 = withObject(record(V2), `${V2}/component/objective63x`, `${NBOQ_NS}lensNA`, literal('1.3', namedNode(`${XSD}decimal`)));
    const html = String(diffSection(diffConfigurations(record(V1), v2), hrefOf));
    expect(html.startsWith('<section')).toBe(true);
    expect(html.trimEnd().endsWith('</section>')).toBe(true);
    expect(html).toContain('1 component changed, 1 added, 1 removed');
    expect(html).toMatch(/<th scope="row"[^>]*>lensNA<\/th><td>1\.40<\/td><td>1\.3<\/td>/);
    // Components link to their row on the page of the version that has them.
    expect(html).toContain(`<a href="${hrefOf(V2)}#component-hyd2">HyD 2</a>`);
    expect(html).toContain(`<a href="${hrefOf(V1)}#component-pmt2">PMT 2</a>`);
    expect(html).toContain(`<a href="${hrefOf(V2)}#component-objective63x">`);
    expect(html).toContain('<ul class="diff-added plain">');
    expect(html).toContain('<ul class="diff-removed plain">');
  });

  it('renders the SP8 diff summary.', () => {
    const html = String(diffSection(diffConfigurations(record(V1), record(V2)), hrefOf));
    expect(html).toContain('0 components changed, 1 added, 1 removed');
  });

  it('escapes hostile labels, values and hrefs.', () => {
    const hostile = '<script>alert("pwn")</script>';
    let v2 = withObject(record(V2), `${V2}/component/hyd2`, `${PREFIXES.rdfs}label`, literal(hostile));
    v2 = withObject(v2, `${V2}/component/pmt1`, `${NBOQ_NS}model`, literal(`"><img src=x onerror=alert(1)>`));
    v2 = withObject(v2, V2, `${PREFIXES.rdfs}label`, literal(`O'Brien & <b>co</b>`));
    const html = String(diffSection(diffConfigurations(record(V1), v2), (iri) => `/pid/${iri}?a="b"&c=<d>`));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>co</b>');
    expect(html).not.toContain('"b"');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt;');
    expect(html).toContain('O&#39;Brien &amp; &lt;b&gt;co&lt;/b&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});
