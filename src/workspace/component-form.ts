import { randomUUID } from 'node:crypto';
import N3 from 'n3';
import type { Quad } from 'n3';
import { canonicalDouble, DCTERMS, decimalLexical, NBOQ_NS, RDF, RDFS, UNIT_NS, XSD } from '../domain/index.js';
import { html } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import { inputField, selectField } from './form-controls.js';

const { literal, namedNode, quad } = N3.DataFactory;

/** The kinds of component the new-version form adds. */
export type ComponentKind = 'laser' | 'objective' | 'detector' | 'filter';

/** One field of a component's fieldset; its form name is `{kind}-{name}`. */
interface ComponentField {
  readonly name: string;
  readonly label: string;
  readonly type: 'text' | 'number' | 'choice';
  /** For choices: the values (NBO-Q's enumerations, shapes/nbo-q.ttl), shown as written. */
  readonly choices?: readonly string[];
  /** Choices shown as words where the value is not (yes/no booleans). */
  readonly choiceLabels?: Readonly<Record<string, string>>;
  /** Required when the component is added (NBO-Q tier 1 asks for it). */
  readonly required?: boolean;
  readonly hint?: string;
  /** The value the form starts with. */
  readonly initial?: string;
}

/** A kind of component: its fieldset and how its values become triples. */
interface ComponentSpec {
  readonly kind: ComponentKind;
  readonly legend: string;
  readonly fields: readonly ComponentField[];
  /** The NBO-Q class, from the values (a detector's or a filter's type picks it). */
  readonly classOf: (values: Readonly<Record<string, string>>) => string;
}

const YES_NO = { choices: ['false', 'true'], choiceLabels: { false: 'no', true: 'yes' } } as const;
const MAKER: readonly ComponentField[] = [
  { name: 'manufacturer', label: 'Manufacturer', type: 'text', required: true },
  { name: 'model', label: 'Model', type: 'text', required: true },
  { name: 'catalogNumber', label: 'Catalogue number', type: 'text', required: true },
];

/**
 * The components the form adds, with the fields NBO-Q tier 1 requires of each (shapes/nbo-q-tier-1.ttl),
 * so that what the form accepts a tier-1 configuration accepts too.
 */
export const COMPONENT_SPECS: readonly ComponentSpec[] = [
  {
    kind: 'laser',
    legend: 'Add a laser (light source)',
    classOf: () => `${NBOQ_NS}Fluorescence_LightSource_Laser`,
    fields: [
      { name: 'label', label: 'Name of the laser', type: 'text', hint: 'e.g. 561 nm DPSS laser. Leave empty to add no laser.' },
      { name: 'type', label: 'Laser type', type: 'choice', required: true, choices: ['Chemical', 'DiodePumpedSolidState (DPSS)', 'Dye', 'Gas', 'MetalVapor', 'OpticalParametricOscillator (OPS)', 'SolidState', 'SemiconductorLaserDiode', 'Other'] },
      { name: 'wavelength', label: 'Wavelength (nm)', type: 'number', required: true },
      { name: 'power', label: 'Power (mW)', type: 'number' },
      { name: 'modulationMechanism', label: 'Modulation', type: 'choice', required: true, initial: 'None', choices: ['AcoustoOptical Beam Splitter', 'AcoustoOptical Tunable Filter', 'AcoustoOptical Modulator', 'Direct', 'None', 'Other'] },
      { name: 'tuneable', label: 'Tuneable', type: 'choice', required: true, initial: 'false', ...YES_NO },
      { name: 'pulse', label: 'Pulsed', type: 'choice', required: true, initial: 'false', ...YES_NO },
      ...MAKER,
    ],
  },
  {
    kind: 'objective',
    legend: 'Add an objective',
    classOf: () => `${NBOQ_NS}Objective`,
    fields: [
      { name: 'label', label: 'Name of the objective', type: 'text', hint: 'e.g. HC PL APO 40x/1.30 OIL. Leave empty to add no objective.' },
      { name: 'magnification', label: 'Magnification', type: 'number', required: true },
      { name: 'lensNA', label: 'Numerical aperture (NA)', type: 'number', required: true },
      { name: 'immersionType', label: 'Immersion', type: 'choice', required: true, choices: ['Air', 'Dipping', 'Glycerol', 'Multi', 'Mineral Oil', 'Silicone Oil', 'Water', 'Other'] },
      { name: 'correction', label: 'Correction', type: 'choice', required: true, choices: ['Achro', 'Achromat', 'Achroplan', 'Apo', 'Apochromat', 'Fl', 'Fluar', 'Fluor', 'Neofluar', 'Plan', 'PlanApo', 'PlanApochromat', 'PlanFluor', 'PlanNeofluar', 'SuperFluor', 'UPlanApo', 'UPlanFl', 'Other'] },
      { name: 'infinityCorrected', label: 'Infinity corrected', type: 'choice', required: true, initial: 'true', ...YES_NO },
      { name: 'contrastModulation', label: 'Contrast modulation', type: 'choice', required: true, initial: 'None', choices: ['None', 'Ph1', 'Ph2', 'Ph3', 'Hoffman', 'VAREL', 'Other'] },
      { name: 'dic', label: 'DIC', type: 'choice', required: true, initial: 'false', ...YES_NO },
      ...MAKER,
    ],
  },
  {
    kind: 'detector',
    legend: 'Add a detector',
    classOf: (values) => `${NBOQ_NS}${values.type === 'HybridPhotoDetector' ? 'HybridPhotoDetector' : 'PhotoMultiplierTube'}`,
    fields: [
      { name: 'label', label: 'Name of the detector', type: 'text', hint: 'e.g. HyD 3. Leave empty to add no detector.' },
      { name: 'type', label: 'Detector type', type: 'choice', required: true, choices: ['PhotoMultiplierTube', 'HybridPhotoDetector'], choiceLabels: { PhotoMultiplierTube: 'photomultiplier tube (PMT)', HybridPhotoDetector: 'hybrid photodetector (HyD)' } },
      { name: 'coating', label: 'Coating', type: 'choice', required: true, choices: ['Bi-alkali', 'Multi-alkali', 'Gallium arsenide phosphide', 'Gallius arsenide', 'Other'] },
      ...MAKER,
    ],
  },
  {
    kind: 'filter',
    legend: 'Add a filter',
    classOf: (values) => `${NBOQ_NS}${values.position === 'ExcitationFilter' ? 'ExcitationFilter' : 'EmissionFilter'}`,
    fields: [
      { name: 'label', label: 'Name of the filter', type: 'text', hint: 'e.g. BP 525/50. Leave empty to add no filter.' },
      { name: 'position', label: 'Excitation or emission', type: 'choice', required: true, choices: ['EmissionFilter', 'ExcitationFilter'], choiceLabels: { EmissionFilter: 'emission filter', ExcitationFilter: 'excitation filter' } },
      { name: 'type', label: 'Filter type', type: 'choice', required: true, choices: ['BandPass', 'BandStop', 'LongPass', 'MultiPass', 'Notch', 'ShortPass', 'Other'] },
      { name: 'wavelength', label: 'Centre or cut-on wavelength (nm)', type: 'number', required: true, hint: 'The centre of a band pass, the cut-on of a long pass.' },
      { name: 'bandwidth', label: 'Bandwidth, FWHM (nm)', type: 'number' },
      { name: 'coatingMethod', label: 'Coating method', type: 'choice', required: true, choices: ['HardCoated', 'SoftCoated', 'Other'] },
      { name: 'lightPathLocation', label: 'Place in the light path', type: 'choice', required: true, choices: ['Infinity space', 'Camera Port', 'Illumination port', 'Other'] },
      ...MAKER,
    ],
  },
];

/** The form values of the component fieldsets: `{kind}-{field}` → text. */
export type ComponentValues = Readonly<Record<string, string>>;

/** A component the form adds, read and checked. */
export interface ComponentInput {
  readonly kind: ComponentKind;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Reads the component fieldsets: a fieldset whose fields are all empty (or at their initial value)
 * adds nothing; one with a name adds a component, and its required fields must be filled.
 * @param form - the submitted form.
 * @returns the components to add, and the errors by form field name.
 */
export function readComponents(form: ComponentValues): { components: ComponentInput[]; errors: Record<string, string> } {
  const components: ComponentInput[] = [];
  const errors: Record<string, string> = {};
  for (const spec of COMPONENT_SPECS) {
    const values: Record<string, string> = {};
    for (const field of spec.fields) values[field.name] = (form[`${spec.kind}-${field.name}`] ?? '').trim();
    const touched = spec.fields.some((f) => f.type !== 'choice' && values[f.name] !== '');
    if (!touched) continue;
    if (values.label === '') errors[`${spec.kind}-label`] = `Name the ${spec.kind} you add (or empty its other fields to add none).`;
    for (const field of spec.fields) {
      const value = values[field.name] ?? '';
      if (field.required === true && value === '') errors[`${spec.kind}-${field.name}`] = `Give the ${spec.kind}'s ${field.label.toLowerCase()}.`;
      else if (field.type === 'number' && value !== '' && !(Number.isFinite(Number(value)) && Number(value) > 0)) errors[`${spec.kind}-${field.name}`] = `The ${spec.kind}'s ${field.label.toLowerCase()} must be a positive number, e.g. 561.`;
      else if (field.choices !== undefined && value !== '' && !field.choices.includes(value)) errors[`${spec.kind}-${field.name}`] = `Choose the ${spec.kind}'s ${field.label.toLowerCase()} from the list.`;
    }
    components.push({ kind: spec.kind, values });
  }
  return { components, errors };
}

/** A number as a plain literal: xsd:integer when whole, else xsd:decimal. */
function numberLiteral(text: string): N3.Literal {
  const value = Number(text);
  return literal(decimalLexical(value), namedNode(Number.isInteger(value) ? XSD.integer : XSD.decimal));
}

/**
 * The triples of a component the form adds, named under the new version (`{version}/component/{uuid}`,
 * DESIGN §1) with that UUID as its `dcterms:identifier`, values with their units as NBO-Q writes them
 * (the value, its unit, and the canonical `_nm`/`_mW` double).
 * @param component - what the form read.
 * @param version - the new configuration version's IRI.
 * @param id - the component's identifier (default: a new UUID).
 * @returns the component's IRI and triples (without the `phd:hasComponent` link).
 */
export function componentQuads(component: ComponentInput, version: string, id: string = randomUUID()): { iri: string; quads: Quad[] } {
  const spec = COMPONENT_SPECS.find((s) => s.kind === component.kind);
  if (spec === undefined) throw new Error(`unknown component kind ${component.kind}`);
  const iri = `${version}/component/${id}`;
  const node = namedNode(iri);
  const v = component.values;
  const nboq = (name: string) => namedNode(`${NBOQ_NS}${name}`);
  const quads: Quad[] = [
    quad(node, namedNode(RDF.type), namedNode(spec.classOf(v))),
    quad(node, namedNode(RDFS.label), literal(v.label ?? '')),
    quad(node, namedNode(DCTERMS.identifier), literal(id)),
  ];
  const boolean = (text: string) => literal(text, namedNode(XSD.boolean));
  const quantity = (subject: N3.NamedNode, name: string, text: string | undefined, unit: string, suffix: string) => {
    if (text === undefined || text === '') return;
    quads.push(
      quad(subject, nboq(name), numberLiteral(text)),
      quad(subject, nboq(`${name}Unit`), namedNode(`${UNIT_NS}${unit}`)),
      quad(subject, nboq(`${name}_${suffix}`), literal(canonicalDouble(Number(text)), namedNode(XSD.double))),
    );
  };
  for (const field of spec.fields) {
    const value = v[field.name] ?? '';
    if (value === '' || field.name === 'label' || field.type === 'number') continue;
    // The detector's and filter's choice of class is not a property of their own.
    if ((spec.kind === 'detector' && field.name === 'type') || (spec.kind === 'filter' && field.name === 'position')) continue;
    quads.push(quad(node, nboq(field.name), field.choices === YES_NO.choices ? boolean(value) : literal(value)));
  }
  if (spec.kind === 'laser') {
    const range = namedNode(`${iri}/range/1`);
    quads.push(quad(node, nboq('illuminationWavelengthRange'), range), quad(range, namedNode(RDF.type), nboq('IlluminationWavelengthRange')));
    quantity(range, 'peakWavelength', v.wavelength, 'NanoM', 'nm');
    quantity(range, 'illuminationPower', v.power, 'MilliW', 'mW');
  }
  if (spec.kind === 'objective') {
    quads.push(quad(node, nboq('magnification'), numberLiteral(v.magnification ?? '')), quad(node, nboq('lensNA'), numberLiteral(v.lensNA ?? '')));
  }
  if (spec.kind === 'filter') {
    const range = namedNode(`${iri}/range/1`);
    quads.push(quad(node, nboq('transmittanceRange'), range), quad(range, namedNode(RDF.type), nboq('TransmittanceRange')));
    quantity(range, 'wavelength', v.wavelength, 'NanoM', 'nm');
    if (v.bandwidth !== undefined && v.bandwidth !== '') {
      quads.push(quad(range, nboq('fwhmBandwidth'), numberLiteral(v.bandwidth)), quad(range, nboq('fwhmBandwidth_nm'), literal(canonicalDouble(Number(v.bandwidth)), namedNode(XSD.double))));
    }
  }
  return { iri, quads };
}

/**
 * The fieldsets of the component form, one per kind, with the values kept and errors beside them.
 * @param values - the submitted form (or empty).
 * @param errors - by form field name.
 * @returns the markup.
 */
export function componentFieldsets(values: ComponentValues, errors: Readonly<Record<string, string>>): Html {
  return html`${COMPONENT_SPECS.map((spec) => html`<fieldset class="component-add"><legend>${spec.legend}</legend>${spec.fields.map((field) => {
    const name = `${spec.kind}-${field.name}`;
    const common = { name, label: field.label, value: values[name] ?? field.initial ?? '', hint: field.hint, error: errors[name], required: false };
    if (field.type === 'choice') {
      const choices = [...(field.initial === undefined ? [{ value: '', label: '— choose —' }] : []), ...(field.choices ?? []).map((c) => ({ value: c, label: field.choiceLabels?.[c] ?? c }))];
      return selectField({ ...common, choices });
    }
    return inputField({ ...common, type: field.type === 'number' ? 'number' : 'text' });
  })}</fieldset>`)}`;
}
