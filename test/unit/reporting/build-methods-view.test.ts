import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { buildMethodsView, methodsMarkdown, shippedMethodsOntology } from '../../../src/reporting/index.js';
import type { MethodsInput, MethodsView } from '../../../src/reporting/index.js';

const C = 'https://x.test/id/configuration/c1';
const TTL = `@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix nboq: <https://w3id.org/imaging-phd/nbo-q#> .
@prefix phdunit: <https://w3id.org/imaging-phd/unit/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<${C}> a phd:HardwareConfiguration ; rdfs:label "Test scope" ; phd:validFrom "2024-01-01"^^xsd:date ;
  phd:hasComponent <${C}/component/obj>, <${C}/component/laser>, <${C}/component/cam>, <${C}/component/em> .
<${C}/component/obj> a nboq:Objective ; rdfs:label "60x" ; nboq:manufacturer "Nikon" ; nboq:model "Plan Apo 60x" ; nboq:magnification 60 ; nboq:lensNA 1.40 .
<${C}/component/laser> a nboq:Fluorescence_LightSource_Laser ; nboq:type "SolidState" ; nboq:manufacturer "Coherent" ; nboq:model "OBIS 488" ;
  nboq:illuminationWavelengthRange <${C}/component/laser/range/1> .
<${C}/component/laser/range/1> a nboq:IlluminationWavelengthRange ; nboq:peakWavelength 0.488 ; nboq:peakWavelengthUnit phdunit:MicroM ;
  nboq:peakWavelength_nm "4.88E2"^^xsd:double .
<${C}/component/cam> a nboq:CMOS ; nboq:manufacturer "Hamamatsu" ; nboq:model "ORCA-Fusion" ;
  nboq:pixelWidth 6.5 ; nboq:pixelWidthUnit phdunit:MicroM ; nboq:pixelHeight 6.5 ; nboq:pixelHeightUnit phdunit:MicroM .
<${C}/component/em> a nboq:EmissionFilter ; nboq:model "ET525/50m*" ; nboq:transmittanceRange <${C}/component/em/range/1> .
<${C}/component/em/range/1> a nboq:TransmittanceRange ; nboq:wavelength 525 ; nboq:wavelengthUnit phdunit:NanoM ; nboq:fwhmBandwidth 50 ; nboq:fwhmBandwidthUnit phdunit:NanoM .
`;

function input(overrides: Partial<MethodsInput> = {}): MethodsInput {
  return {
    iri: C,
    kind: 'configuration',
    title: 'Test scope',
    configuration: { iri: C, label: 'Test scope', validFrom: '2024-01-01', quads: new N3.Parser().parse(TTL) },
    instance: { iri: 'https://doi.org/10.5072/x.scope', label: 'Scope 1' },
    model: { iri: 'https://x.test/id/model/m', label: 'Eclipse Ti2', manufacturer: 'Nikon' },
    facility: { iri: 'https://identifiers.org/RRID:SCR_999003', label: 'Example Core' },
    citationOf: (iri) => ({ iri, label: iri, href: iri }),
    ...overrides,
  };
}

const plain = (view: MethodsView) => view.paragraphs.flat().map((s) => s.segments.map((seg) => ('text' in seg ? seg.text : 'fact' in seg ? seg.fact : `[missing: ${seg.missing}]`)).join('')).join(' ');
const paths = { href: '/id/configuration/c1', methodsHref: '/pid/configuration/c1/methods' };

describe('buildMethodsView', () => {
  const ontology = shippedMethodsOntology();

  it('opens with the model, manufacturer, instance PID, facility RRID and configuration.', () => {
    const text = plain(buildMethodsView(input(), ontology, paths));
    expect(text).toMatch(/^Images were acquired on an Eclipse Ti2 microscope \(Nikon\), instrument Scope 1 \(PIDINST doi:10\.5072\/x\.scope\), operated by Example Core \(RRID:SCR_999003\), in the hardware configuration “Test scope” \(https:\/\/x\.test\/id\/configuration\/c1, in use from 2024-01-01\)\./);
  });

  it('writes quantities in their canonical units and filter bands as centre/width.', () => {
    const text = plain(buildMethodsView(input(), ontology, paths));
    expect(text).toContain('solid state fluorescence laser (Coherent OBIS 488, 488 nm, [missing: light source power])');
    expect(text).toContain('a Nikon Plan Apo 60x (60×, NA 1.4, [missing: objective immersion medium] immersion)');
    expect(text).toContain('Emission filters: ET525/50m* (525/50 nm).');
    expect(text).toMatch(/CMOS \(Hamamatsu ORCA-Fusion, pixel size 6\.5 µm × 6\.5 µm\)/);
  });

  it('marks what the record lacks, each once, and cites every component a sentence names.', () => {
    const view = buildMethodsView(input(), ontology, paths);
    expect(view.missing).toEqual(['microscope stand', 'objective immersion medium', 'light source power', 'acquisition software and version']);
    const cited = view.paragraphs.flat().flatMap((s) => s.cites.map((c) => c.iri));
    for (const component of ['obj', 'laser', 'cam', 'em']) expect(cited).toContain(`${C}/component/${component}`);
    expect(cited).toContain(C);
  });

  it('answers the checklist from the record, acquisition items not applying to a configuration.', () => {
    const rows = new Map(buildMethodsView(input(), ontology, paths).checklist.map((r) => [r.id, r]));
    expect(rows.get('objective-na')).toMatchObject({ status: 'present', values: ['1.4'] });
    expect(rows.get('objective-immersion')).toMatchObject({ status: 'missing', values: [] });
    expect(rows.get('light-source-wavelength')).toMatchObject({ status: 'present', values: ['488 nm'] });
    expect(rows.get('filters')).toMatchObject({ status: 'present', values: ['ET525/50m*: 525/50 nm'] });
    expect(rows.get('facility')).toMatchObject({ status: 'present', values: ['RRID:SCR_999003'] });
    expect(rows.get('detector-settings')).toMatchObject({ status: 'not-applicable', values: [] });
    expect(rows.get('software')?.status).toBe('missing');
  });

  it('lists the NBO-Q M&M fields of each component, present or missing.', () => {
    const objective = buildMethodsView(input(), ontology, paths).componentFields.find((c) => c.iri === `${C}/component/obj`);
    const fields = new Map(objective?.fields.map((f) => [f.property.replace(/^.*#/, ''), f]));
    expect(fields.get('lensNA')).toMatchObject({ present: true, values: ['1.4'] });
    expect(fields.get('magnification')).toMatchObject({ present: true, values: ['60'] });
    expect(fields.get('catalogNumber')).toMatchObject({ present: false, values: [] });
  });

  it('marks a dataset without acquisition settings as lacking them, and its acquisition items missing.', () => {
    const dataset = 'https://doi.org/10.5072/x.data';
    const view = buildMethodsView(input({ iri: dataset, kind: 'dataset', title: 'Nuclei', dataset: { quads: [], acquisition: undefined } }), ontology, paths);
    expect(plain(view)).toMatch(/^The dataset “Nuclei” \(doi:10\.5072\/x\.data\) was acquired on an Eclipse Ti2/);
    expect(view.missing).toContain('image pixel size');
    expect(view.missing.some((m) => m.startsWith('acquisition settings'))).toBe(true);
    expect(view.checklist.find((r) => r.id === 'detector-settings')?.status).toBe('missing');
  });

  it('writes Markdown with facts escaped, missing markers as written, and the checklist as a table.', () => {
    const markdown = methodsMarkdown(buildMethodsView(input(), ontology, paths), 'http://phd.test');
    expect(markdown).toContain('ET525/50m\\* (525/50 nm)');
    expect(markdown).toContain('[missing: objective immersion medium]');
    expect(markdown).toContain('| Numerical aperture of each objective | `Objective`, `lensNA` | present | 1.4 |');
    expect(markdown).toContain('Source: <http://phd.test/id/configuration/c1>');
  });
});
