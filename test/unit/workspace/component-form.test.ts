import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { componentFields, componentQuads, readComponents, versionTier } from '../../../src/workspace/component-form.js';
import type { ComponentKind } from '../../../src/workspace/component-form.js';
import { componentIssueErrors } from '../../../src/workspace/component-issues.js';

const NBOQ = 'https://w3id.org/imaging-phd/nbo-q#';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const VERSION = 'http://phd.test/id/configuration/v2';
const { literal, namedNode, quad } = N3.DataFactory;

/** The names of the fields a tier adds to the tier-1 fieldset of a kind, with whether each is asked of every class of the kind. */
function added(kind: ComponentKind, tier: number): string[] {
  return componentFields(kind, tier).filter((f) => f.tiered !== undefined).map((f) => `${f.name}:${f.type}${f.hint === undefined ? '' : ' (some)'}`);
}

/** A tier-3 laser with every field filled. */
const LASER = {
  'laser-label': 'L488', 'laser-type': 'SemiconductorLaserDiode', 'laser-wavelength': '488', 'laser-modulationMechanism': 'Direct',
  'laser-tuneable': 'false', 'laser-pulse': 'false', 'laser-manufacturer': 'Coherent', 'laser-model': 'OBIS', 'laser-catalogNumber': '1',
  'laser-isPump': 'false', 'laser-isPumped': 'true',
};

describe('The fields of the component form, by tier', () => {
  it('adds nothing to the tier-1 fields at tier 1, for each kind.', () => {
    for (const kind of ['laser', 'objective', 'detector', 'filter'] as const) {
      expect(added(kind, 1), kind).toEqual([]);
      expect(componentFields(kind, 1).map((f) => f.name)).toContain('manufacturer');
    }
  });

  it('asks a laser at tiers 2 and 3 whether it is a pump and whether it is pumped, as yes/no choices.', () => {
    expect(added('laser', 2)).toEqual(['isPumped:choice', 'isPump:choice']);
    expect(added('laser', 3)).toEqual(added('laser', 2));
    const isPump = componentFields('laser', 2).find((f) => f.name === 'isPump');
    expect(isPump?.label).toBe('Is pump');
    expect(isPump?.choiceLabels).toEqual({ false: 'no', true: 'yes' });
  });

  it('asks an objective for its working distance in mm and correction collar at tier 2, and its view field and image distance at tier 3.', () => {
    expect(added('objective', 2)).toEqual(['workingDistance:number', 'correctionCollar:choice']);
    expect(added('objective', 3)).toEqual(['workingDistance:number', 'correctionCollar:choice', 'objectiveViewField:number', 'imageDistance:number']);
    expect(componentFields('objective', 3).find((f) => f.name === 'workingDistance')?.label).toBe('Working distance (mm)');
  });

  it('asks a detector at tier 2 for its noise and bit depth, with the allowed values, and a PMT only for its collection efficiency and anodes.', () => {
    expect(added('detector', 2)).toEqual([
      'collectionEfficiency:number (some)', 'multianode:choice (some)', 'maxBitDepth:choice', 'quantumEfficiency:number',
      'electronicConversionFactor:number', 'readOutNoise:number', 'detectorNoiseModel:choice', 'darkCurrentRate:number', 'darkCurrentRateUnit:choice',
    ]);
    expect(added('detector', 3)).toEqual(added('detector', 2));
    const fields = componentFields('detector', 2);
    expect(fields.find((f) => f.name === 'maxBitDepth')?.choices).toEqual(['8bit', '12bit', '14bit', '16bit', '32bit', '64bit']);
    expect(fields.find((f) => f.name === 'darkCurrentRateUnit')?.choiceLabels).toMatchObject({ ELECTRON_PER_PIXEL_PER_SEC: 'e-/Pixel/sec' });
    expect(fields.find((f) => f.name === 'collectionEfficiency')?.hint).toBe('Needed for a photomultiplier tube (PMT) only.');
  });

  it('asks a filter for its attenuation method at tiers 2 and 3.', () => {
    expect(added('filter', 2)).toEqual(['attenuationMethod:choice']);
    expect(added('filter', 3)).toEqual(['attenuationMethod:choice']);
    expect(componentFields('filter', 2).find((f) => f.name === 'attenuationMethod')?.choices).toEqual(['Absorption', 'Reflection', 'Refraction', 'Other']);
  });

  it('reads the tier of a version from phd:tier, 1 when it says none.', () => {
    const tier = (quads: N3.Quad[]) => versionTier({ iri: VERSION, quads });
    expect(tier([quad(namedNode(VERSION), namedNode(`${PHD}tier`), literal('3', namedNode('http://www.w3.org/2001/XMLSchema#integer')))])).toBe(3);
    expect(tier([])).toBe(1);
  });
});

describe('Reading the component form at a tier', () => {
  it('reports every missing tier field of a laser at once, in words, and none at tier 1.', () => {
    const partial = Object.fromEntries(Object.entries(LASER).filter(([name]) => !['laser-isPump', 'laser-isPumped', 'laser-manufacturer'].includes(name)));
    const { errors } = readComponents(partial, 2);
    expect(errors).toEqual({
      'laser-manufacturer': "Give the laser's manufacturer.",
      'laser-isPump': 'Choose “Is pump” for the laser: tier 2 asks for it.',
      'laser-isPumped': 'Choose “Is pumped” for the laser: tier 2 asks for it.',
    });
    expect(Object.keys(readComponents({ ...partial, 'laser-manufacturer': 'C' }, 1).errors)).toEqual([]);
  });

  it('asks the PMT-only fields of a photomultiplier tube but not of a hybrid photodetector.', () => {
    const detector = {
      'detector-label': 'HyD 1', 'detector-coating': 'Other', 'detector-manufacturer': 'Leica', 'detector-model': 'HyD', 'detector-catalogNumber': '2',
      'detector-maxBitDepth': '12bit', 'detector-quantumEfficiency': '0.4', 'detector-electronicConversionFactor': '1', 'detector-readOutNoise': '0',
      'detector-detectorNoiseModel': 'Poisson', 'detector-darkCurrentRate': '10', 'detector-darkCurrentRateUnit': 'ELECTRON_PER_PIXEL_PER_SEC',
    };
    expect(readComponents({ ...detector, 'detector-type': 'HybridPhotoDetector' }, 2).errors).toEqual({});
    expect(Object.keys(readComponents({ ...detector, 'detector-type': 'PhotoMultiplierTube' }, 2).errors)).toEqual(['detector-collectionEfficiency', 'detector-multianode']);
  });

  it('writes the tier fields of a component: booleans as xsd:boolean, quantities with their unit and canonical value.', () => {
    const laser = readComponents(LASER, 3).components[0];
    expect(laser).toBeDefined();
    const { quads } = componentQuads(laser ?? { kind: 'laser', values: {} }, VERSION, 'c1');
    const lines = new N3.Writer({ format: 'N-Triples' }).quadsToString(quads);
    expect(lines).toContain(`<${VERSION}/component/c1> <${NBOQ}isPump> "false"^^<http://www.w3.org/2001/XMLSchema#boolean>`);
    expect(lines).toContain(`<${NBOQ}isPumped> "true"^^<http://www.w3.org/2001/XMLSchema#boolean>`);
    const objective = readComponents({
      'objective-label': 'O', 'objective-magnification': '40', 'objective-lensNA': '1.3', 'objective-immersionType': 'Mineral Oil', 'objective-correction': 'Apo',
      'objective-manufacturer': 'Z', 'objective-model': 'M', 'objective-catalogNumber': '3', 'objective-workingDistance': '0.21', 'objective-correctionCollar': 'false',
      'objective-infinityCorrected': 'true', 'objective-contrastModulation': 'None', 'objective-dic': 'false',
    }, 2);
    expect(objective.errors).toEqual({});
    const written = new N3.Writer({ format: 'N-Triples' }).quadsToString(componentQuads(objective.components[0] ?? { kind: 'objective', values: {} }, VERSION, 'c2').quads);
    expect(written).toContain(`<${NBOQ}workingDistance> "0.21"^^<http://www.w3.org/2001/XMLSchema#decimal>`);
    expect(written).toContain(`<${NBOQ}workingDistanceUnit> <https://w3id.org/imaging-phd/unit/MilliM>`);
    expect(written).toContain(`<${NBOQ}workingDistance_mm> "2.1E-1"^^<http://www.w3.org/2001/XMLSchema#double>`);
  });
});

describe('Validation problems of a new version, for the form', () => {
  it('puts a problem about an added component beside its field, in words, and others in the summary, each once.', () => {
    const laser = `${VERSION}/component/c1`;
    const quads = [
      quad(namedNode(laser), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${NBOQ}Fluorescence_LightSource_Laser`)),
      quad(namedNode(laser), namedNode('http://www.w3.org/2000/01/rdf-schema#label'), literal('L488')),
    ];
    const missing = { focusNode: laser, path: `${NBOQ}isPump`, message: 'Fluorescence_LightSource_Laser.IsPump is required at tier 2 and above.', severity: 'Violation' as const, sourceConstraint: 'http://www.w3.org/ns/shacl#MinCountConstraintComponent' };
    const other = { focusNode: VERSION, message: 'Something about the whole configuration.', severity: 'Violation' as const };
    const errors = componentIssueErrors([missing, missing, other], quads, [{ kind: 'laser', tier: 2, iri: laser }]);
    expect(Object.keys(errors).sort()).toEqual(['', 'laser-isPump']);
    expect(errors['laser-isPump']).toMatch(/^Fluorescence laser “L488”: Is pump is missing — add it \(tier 2\)\.$/i);
    expect(errors['laser-isPump']).not.toContain('IsPump');
  });
});
