import { readFileSync } from 'node:fs';
import N3 from 'n3';
import type { Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { componentQuads, readComponents } from '../../../src/workspace/component-form.js';
import { newConfigurationVersion } from '../../../src/workspace/new-version.js';

const INSTANCE = 'https://doi.org/10.5072/phd.ecc.sp8';
const V1 = 'https://doi.org/10.5072/phd.ecc.sp8.v1';
const V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const NEW = 'http://phd.test/id/configuration/new-one';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const NBOQ = 'https://w3id.org/imaging-phd/nbo-q#';

/** Version 1 of the sample SP8's configuration, as its record holds it. */
function version1(): Quad[] {
  const all = new N3.Parser({ format: 'Turtle' }).parse(readFileSync('data/configuration-ecc-sp8.ttl', 'utf8'));
  return all.filter((q) => q.subject.value === V1 || q.subject.value.startsWith(`${V1}/`) || (q.subject.value === INSTANCE && q.object.value === V1));
}

const laserForm = {
  'laser-label': '561 nm DPSS laser', 'laser-type': 'DiodePumpedSolidState (DPSS)', 'laser-wavelength': '561', 'laser-power': '20',
  'laser-modulationMechanism': 'None', 'laser-tuneable': 'false', 'laser-pulse': 'false',
  'laser-manufacturer': 'Leica Microsystems', 'laser-model': 'DPSS 561', 'laser-catalogNumber': '158005116',
  'objective-infinityCorrected': 'true', 'objective-dic': 'false', 'objective-contrastModulation': 'None',
};

function build(remove: readonly string[] = []): Quad[] {
  const { components, errors } = readComponents(laserForm);
  expect(errors).toEqual({});
  return newConfigurationVersion({
    base: { iri: V1, quads: version1() }, revises: V2, iri: NEW, versionNumber: 3, validFrom: '2026-01-15',
    label: 'SP8 with a 561 nm laser', changeNote: 'Added a 561 nm laser.', remove,
    add: components.map((c) => componentQuads(c, NEW, 'laser-561')),
  });
}

const values = (quads: readonly Quad[], subject: string, predicate: string) => quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);

describe('A new configuration version built in the workspace', () => {
  it('names every node of the base version under the new IRI and keeps the identifiers that tie parts across versions.', () => {
    const quads = build();
    const named = quads.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
    expect(named.filter((iri) => iri.startsWith(`${V1}/`))).toEqual([]);
    expect(values(quads, `${NEW}/component/stand`, 'http://purl.org/dc/terms/identifier')).toEqual(['stand']);
    expect(values(quads, INSTANCE, `${PHD}hasConfiguration`)).toEqual([NEW]);
  });

  it('states its own date, number, label, change note and the version it revises, and none of the base version\'s.', () => {
    const quads = build();
    expect(values(quads, NEW, `${PHD}validFrom`)).toEqual(['2026-01-15']);
    expect(values(quads, NEW, `${PHD}versionNumber`)).toEqual(['3']);
    expect(values(quads, NEW, 'http://www.w3.org/2000/01/rdf-schema#label')).toEqual(['SP8 with a 561 nm laser']);
    expect(values(quads, NEW, 'http://www.w3.org/2000/01/rdf-schema#comment')).toEqual(['Added a 561 nm laser.']);
    expect(values(quads, NEW, 'http://www.w3.org/ns/prov#wasRevisionOf')).toEqual([V2]);
    expect(values(quads, NEW, 'http://purl.org/dc/terms/identifier')).toEqual([]);
  });

  it('adds the laser with its wavelength and power in their units, named per version.', () => {
    const quads = build();
    const laser = `${NEW}/component/laser-561`;
    expect(values(quads, NEW, `${PHD}hasComponent`)).toContain(laser);
    expect(values(quads, laser, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type')).toEqual([`${NBOQ}Fluorescence_LightSource_Laser`]);
    expect(values(quads, `${laser}/range/1`, `${NBOQ}peakWavelength_nm`)).toEqual(['5.61E2']);
    expect(values(quads, `${laser}/range/1`, `${NBOQ}illuminationPowerUnit`)).toEqual(['https://w3id.org/imaging-phd/unit/MilliW']);
    expect(values(quads, laser, `${NBOQ}tuneable`)).toEqual(['false']);
  });

  it('leaves out a removed component and everything under it.', () => {
    const quads = build([`${V1}/component/laser405`]);
    expect(values(quads, NEW, `${PHD}hasComponent`)).not.toContain(`${NEW}/component/laser405`);
    expect(quads.filter((q) => q.subject.value.startsWith(`${NEW}/component/laser405`))).toEqual([]);
    expect(values(quads, NEW, `${PHD}hasComponent`)).toContain(`${NEW}/component/laser488`);
  });
});

describe('The component form', () => {
  it('adds nothing from empty fieldsets, and names each missing field of a component it adds.', () => {
    expect(readComponents({ 'laser-modulationMechanism': 'None' })).toEqual({ components: [], errors: {} });
    const { errors } = readComponents({ 'objective-label': '40x', 'objective-magnification': 'forty' });
    expect(errors['objective-magnification']).toMatch(/positive number/);
    expect(errors['objective-lensNA']).toMatch(/numerical aperture/);
  });
});
