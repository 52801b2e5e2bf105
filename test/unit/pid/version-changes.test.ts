import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3, { type Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { NBOQ_NS, PREFIXES } from '../../../src/domain/namespaces.js';
import { type ConfigurationRecord, diffConfigurations } from '../../../src/pid/configuration-diff.js';
import { versionChangeSummary } from '../../../src/pid/version-changes.js';
import { DATA_DIR } from '../../../src/validation/model-files.js';

const { namedNode, literal, quad } = N3.DataFactory;

const V1 = 'https://doi.org/10.5072/phd.ecc.sp8.v1';
const V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const RDFS_LABEL = `${PREFIXES.rdfs}label`;
const RDFS_COMMENT = `${PREFIXES.rdfs}comment`;

let all: Quad[];

/** One configuration record: its node and the nodes under its IRI. */
function record(iri: string): ConfigurationRecord {
  return { iri, quads: all.filter((q) => q.subject.value === iri || q.subject.value.startsWith(`${iri}/`)) };
}

/** A record with one more triple, or one triple's object replaced. */
function edited(rec: ConfigurationRecord, subject: string, property: string, object: Quad['object']): ConfigurationRecord {
  const kept = rec.quads.filter((q) => !(q.subject.value === subject && q.predicate.value === property));
  return { iri: rec.iri, quads: [...kept, quad(namedNode(subject), namedNode(property), object)] };
}

/** A record with extra components of a class, each named and identified. */
function withComponents(rec: ConfigurationRecord, names: readonly string[]): ConfigurationRecord {
  const extra = names.flatMap((name) => {
    const node = namedNode(`${rec.iri}/component/${name.replace(/\W/g, '')}`);
    return [
      quad(namedNode(rec.iri), namedNode(`${PREFIXES.phd}hasComponent`), node),
      quad(node, namedNode(`${PREFIXES.rdf}type`), namedNode(`${NBOQ_NS}Objective`)),
      quad(node, namedNode(RDFS_LABEL), literal(name)),
      quad(node, namedNode(`${PREFIXES.dcterms}identifier`), literal(name)),
    ];
  });
  return { iri: rec.iri, quads: [...rec.quads, ...extra] };
}

beforeAll(() => {
  all = new N3.Parser().parse(readFileSync(join(DATA_DIR, 'configuration-ecc-sp8.ttl'), 'utf8'));
});

describe('versionChangeSummary', () => {
  it('names the component added and the one removed when the SP8\'s PMT 2 was replaced by a HyD.', () => {
    expect(versionChangeSummary(diffConfigurations(record(V1), record(V2)))).toBe('1 component added: HyD 2; 1 removed: PMT 2');
  });

  it('names a changed component with the fields that changed.', () => {
    const v2 = record(V2);
    const changed = edited(v2, `${V2}/component/objective63x`, `${NBOQ_NS}lensNA`, literal('1.3', namedNode(`${PREFIXES.xsd}decimal`)));
    expect(versionChangeSummary(diffConfigurations(v2, { iri: V2, quads: changed.quads }))).toBe('1 component changed: HC PL APO 63x/1.40 OIL CS2 (lensNA)');
  });

  it('names three components of a kind, in the diff\'s order (by identifier), and counts the rest.', () => {
    const v2 = record(V2);
    const more = withComponents(v2, ['Gamma', 'Alpha', 'Epsilon', 'Beta', 'Delta']);
    expect(versionChangeSummary(diffConfigurations(v2, more))).toBe('5 components added: Alpha, Beta, Delta and 2 more');
  });

  it('says there are no hardware changes when only the name and change note differ, and names other changed fields of the configuration.', () => {
    const v2 = record(V2);
    const renamed = edited(edited(v2, V2, RDFS_LABEL, literal('renamed')), V2, RDFS_COMMENT, literal('a note'));
    expect(versionChangeSummary(diffConfigurations(v2, renamed))).toBe('No hardware changes');
    const retiered = edited(v2, V2, `${PREFIXES.phd}tier`, literal('2', namedNode(`${PREFIXES.xsd}integer`)));
    expect(versionChangeSummary(diffConfigurations(v2, retiered))).toBe('configuration field changed: tier');
  });
});
