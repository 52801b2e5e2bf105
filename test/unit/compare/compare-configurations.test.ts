import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { compareConfigurations } from '../../../src/compare/index.js';
import type { CompareColumn, CompareView } from '../../../src/compare/index.js';

const PREFIXES = `@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix nboq: <https://w3id.org/imaging-phd/nbo-q#> .
@prefix phdunit: <https://w3id.org/imaging-phd/unit/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .`;

/** A configuration with a 63x/1.4 oil objective (model named differently per maker), a laser and extra parts. */
function configuration(name: string, options: { model: string; wavelength: string; unit: string; power: string; camera?: string }) {
  const iri = `https://example.org/${name}`;
  const turtle = `${PREFIXES}
<${iri}> a phd:HardwareConfiguration ; rdfs:label "${name}" ;
  phd:hasComponent <${iri}/component/obj>, <${iri}/component/laser>${options.camera === undefined ? '' : `, <${iri}/component/cam>`} .
<${iri}/component/obj> a nboq:Objective ; rdfs:label "${options.model}" ; nboq:model "${options.model}" ;
  nboq:magnification 63 ; nboq:lensNA 1.40 ; nboq:immersionType "Oil" .
<${iri}/component/laser> a nboq:Fluorescence_LightSource_Laser ; rdfs:label "Laser" ; nboq:model "LX 488" ;
  nboq:wavelength ${options.wavelength} ; nboq:wavelengthUnit phdunit:${options.unit} ; nboq:power ${options.power} ; nboq:powerUnit phdunit:MilliW .
${options.camera === undefined ? '' : `<${iri}/component/cam> a nboq:CMOS ; rdfs:label "${options.camera}" ; nboq:model "${options.camera}" .`}`;
  const column: CompareColumn = { requested: iri, iri, title: name, validFrom: null, instance: null, model: null, facility: null, source: 'this core', viaInstance: false };
  return { column, quads: new N3.Parser().parse(turtle) };
}

const rowsOf = (view: CompareView) => view.groups.flatMap((g) => g.rows);

describe('compareConfigurations', () => {
  const a = configuration('a', { model: 'Plan-Apochromat 63x/1.40 Oil', wavelength: '0.488', unit: 'MicroM', power: '50' });
  const b = configuration('b', { model: 'HC PL APO 63x/1.40 OIL', wavelength: '488', unit: 'NanoM', power: '20', camera: 'ORCA-Fusion' });

  it('lines up a 63x/1.4 oil objective of two makers in one row.', () => {
    const view = compareConfigurations([a, b]);
    const objectives = view.groups.find((g) => g.name === 'Objectives');
    expect(objectives?.rows).toHaveLength(1);
    expect(objectives?.rows[0]?.cells.map((c) => c?.label)).toEqual(['Plan-Apochromat 63x/1.40 Oil', 'HC PL APO 63x/1.40 OIL']);
    // The models differ in name, the optics do not.
    expect(objectives?.rows[0]?.fields.filter((f) => f.differs).map((f) => f.name)).toEqual(['model']);
  });

  it('compares a wavelength in µm and one in nm as equal, and marks the power that differs.', () => {
    const laser = rowsOf(compareConfigurations([a, b])).find((r) => r.cells[0]?.kind === 'Fluorescence_LightSource_Laser');
    const wavelength = laser?.fields.find((f) => f.name === 'wavelength');
    expect(wavelength).toMatchObject({ differs: false, values: [['488 nm'], ['488 nm']] });
    expect(laser?.fields.find((f) => f.name === 'power')).toMatchObject({ differs: true, values: [['50 mW'], ['20 mW']] });
    expect(laser?.fields.some((f) => f.name.endsWith('unit'))).toBe(false);
  });

  it('marks a component missing from a column, and lists only differences when asked.', () => {
    const all = compareConfigurations([a, b]);
    const camera = rowsOf(all).find((r) => r.label === 'ORCA-Fusion');
    expect(camera?.cells[0]).toBeNull();
    expect(camera?.differs).toBe(true);
    const only = compareConfigurations([a, b], true);
    expect(rowsOf(only).map((r) => r.label).sort()).toEqual(rowsOf(all).filter((r) => r.differs).map((r) => r.label).sort());
    expect(rowsOf(only).find((r) => r.cells[0]?.kind === 'Fluorescence_LightSource_Laser')?.fields.map((f) => f.name)).toEqual(['power']);
    expect(only.differingRows).toBe(all.differingRows);
  });

  it('groups components through the NBO-Q class tree: a laser under light sources, a CMOS and a photodiode under detectors, objective settings and a filter wheel under other components.', () => {
    const iri = 'https://example.org/tree';
    const parts = { laser: 'Fluorescence_LightSource_Laser', cmos: 'CMOS', diode: 'PhotoDiode', settings: 'ObjectiveSettings', wheel: 'FilterWheel' };
    const turtle = `${PREFIXES} <${iri}> a phd:HardwareConfiguration ; phd:hasComponent ${Object.keys(parts).map((p) => `<${iri}/component/${p}>`).join(', ')} .
${Object.entries(parts).map(([p, cls]) => `<${iri}/component/${p}> a nboq:${cls} ; rdfs:label "${p}" .`).join('\n')}`;
    const column: CompareColumn = { ...a.column, requested: iri, iri, title: 'tree' };
    const view = compareConfigurations([{ column, quads: new N3.Parser().parse(turtle) }, a]);
    const groupOf = (label: string) => view.groups.find((g) => g.rows.some((r) => r.cells[0]?.label === label))?.name;
    expect(groupOf('laser')).toBe('Light sources');
    expect(groupOf('cmos')).toBe('Detectors');
    expect(groupOf('diode')).toBe('Detectors');
    expect(groupOf('settings')).toBe('Other components');
    expect(groupOf('wheel')).toBe('Other components');
  });

  it('finds nothing different between a configuration and itself.', () => {
    const view = compareConfigurations([a, a]);
    expect(view.differingRows).toBe(0);
    expect(rowsOf(view).every((r) => r.fields.every((f) => !f.differs))).toBe(true);
  });
});
