import { randomUUID } from 'node:crypto';
import N3 from 'n3';
import type { Quad } from 'n3';
import { canonicalDouble, DCTERMS, decimalLexical, NBOQ_NS, PHD, RDF, RDFS, UNIT_NS, XSD } from '../domain/index.js';
import { html } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import { inputField, selectField } from './form-controls.js';
import { tierFields } from './tier-fields.js';
import type { TierField } from './tier-fields.js';

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
  /** A field a tier above 1 asks for, derived from the tier shapes (see {@link tierFields}). */
  readonly tiered?: TierField;
}

/** A kind of component: its fieldset and how its values become triples. */
interface ComponentSpec {
  readonly kind: ComponentKind;
  readonly legend: string;
  /** The kind in words, for sentences (`laser`). */
  readonly noun: string;
  /** The NBO-Q classes the component may be: the tier shapes of these say what a tier requires. */
  readonly classes: readonly string[];
  /** The tier-1 fields (shapes/nbo-q-tier-1.ttl), written by hand for their wording and layout. */
  readonly fields: readonly ComponentField[];
  /** Properties the tier-1 fields already write (on the component or its range). */
  readonly known: readonly string[];
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
    noun: 'laser',
    classes: [`${NBOQ_NS}Fluorescence_LightSource_Laser`],
    known: ['illuminationWavelengthRange', 'peakWavelength', 'illuminationPower'],
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
    noun: 'objective',
    classes: [`${NBOQ_NS}Objective`],
    known: [],
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
    noun: 'detector',
    classes: [`${NBOQ_NS}PhotoMultiplierTube`, `${NBOQ_NS}HybridPhotoDetector`],
    known: [],
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
    noun: 'filter',
    classes: [`${NBOQ_NS}EmissionFilter`, `${NBOQ_NS}ExcitationFilter`],
    known: ['transmittanceRange', 'wavelength', 'fwhmBandwidth'],
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
  /** The tier of the configuration it is added to (1 when not said): which fields it carries. */
  readonly tier?: number;
}

/**
 * The tier a configuration version is described at (`phd:tier`; 1 when it says none): a new
 * version keeps its predecessor's tier, so the components added must meet it.
 * @param version - the version with its graph.
 * @returns 1, 2 or 3.
 */
export function versionTier(version: { readonly iri: string; readonly quads: readonly Quad[] }): number {
  const stated = Number(version.quads.find((q) => q.subject.value === version.iri && q.predicate.value === PHD.tier)?.object.value ?? 1);
  return Number.isInteger(stated) ? Math.min(3, Math.max(1, stated)) : 1;
}

/**
 * The fields of one kind of component at a tier: the tier-1 fields, then those the tier shapes of
 * tiers 2..`tier` require of the kind's classes (derived from the model, {@link tierFields}).
 * @param kind - the kind of component.
 * @param tier - the configuration's tier.
 * @returns the fields, in form order.
 */
export function componentFields(kind: ComponentKind, tier: number): readonly ComponentField[] {
  const spec = specOf(kind);
  const known = new Set([...spec.fields, ...spec.known.map((name) => ({ name }))].map((f) => `${NBOQ_NS}${f.name}`));
  const tiered = tierFields(spec.classes, tier, known).map((field): ComponentField => ({
    name: field.name, label: field.label, type: field.type, required: true, tiered: field,
    ...(field.choices === undefined ? {} : { choices: field.choices }),
    ...(field.choiceLabels === undefined ? {} : { choiceLabels: field.choiceLabels }),
    ...(field.requiredOf.length < spec.classes.length ? { hint: `Needed for ${field.requiredOf.map((c) => classWords(spec, c)).join(', ')} only.` } : {}),
  }));
  return [...spec.fields, ...tiered];
}

function specOf(kind: ComponentKind): ComponentSpec {
  const spec = COMPONENT_SPECS.find((s) => s.kind === kind);
  if (spec === undefined) throw new Error(`unknown component kind ${kind}`);
  return spec;
}

/** A class of the kind in the words its choice shows (`hybrid photodetector (HyD)`). */
function classWords(spec: ComponentSpec, cls: string): string {
  const local = cls.slice(NBOQ_NS.length);
  for (const field of spec.fields) {
    const words = field.choiceLabels?.[local];
    if (words !== undefined) return `a ${words}`;
  }
  return `a ${local}`;
}

/** Whether a field is needed for the component as filled in (a tier field only for the classes that require it). */
function isRequired(spec: ComponentSpec, field: ComponentField, values: Readonly<Record<string, string>>): boolean {
  if (field.tiered === undefined) return field.required === true;
  return field.tiered.requiredOf.includes(spec.classOf(values));
}

/**
 * Reads the component fieldsets: a fieldset whose fields are all empty (or at their initial value)
 * adds nothing; one with a name adds a component, and every field its configuration's tier requires
 * must be filled — all problems are reported at once, in words.
 * @param form - the submitted form.
 * @param tier - the tier of the configuration the components are added to.
 * @returns the components to add, and the errors by form field name.
 */
export function readComponents(form: ComponentValues, tier = 1): { components: ComponentInput[]; errors: Record<string, string> } {
  const components: ComponentInput[] = [];
  const errors: Record<string, string> = {};
  for (const spec of COMPONENT_SPECS) {
    const fields = componentFields(spec.kind, tier);
    const values: Record<string, string> = {};
    for (const field of fields) values[field.name] = (form[`${spec.kind}-${field.name}`] ?? '').trim();
    const touched = fields.some((f) => f.type !== 'choice' && values[f.name] !== '');
    if (!touched) continue;
    if (values.label === '') errors[`${spec.kind}-label`] = `Name the ${spec.noun} you add (or empty its other fields to add none).`;
    for (const field of fields) {
      const value = values[field.name] ?? '';
      const what = field.label.replace(/ \(.*\)$/, '').toLowerCase();
      const positive = field.tiered === undefined;
      if (value === '' && isRequired(spec, field, values)) {
        errors[`${spec.kind}-${field.name}`] = field.tiered === undefined
          ? `Give the ${spec.noun}'s ${what}.`
          : `${field.type === 'choice' ? 'Choose' : 'Fill in'} “${field.label}” for the ${spec.noun}: tier ${field.tiered.tier} asks for it.`;
      } else if (field.type === 'number' && value !== '' && !(Number.isFinite(Number(value)) && (positive ? Number(value) > 0 : Number(value) >= 0))) {
        // The tier-1 quantities (wavelengths, magnification) are above 0; a tier field such as a noise may be 0.
        errors[`${spec.kind}-${field.name}`] = `The ${spec.noun}'s ${what} must be ${positive ? 'a positive number, e.g. 561' : 'a number, e.g. 0.5'}.`;
      } else if (field.choices !== undefined && value !== '' && !field.choices.includes(value)) errors[`${spec.kind}-${field.name}`] = `Choose the ${spec.noun}'s ${what} from the list.`;
    }
    components.push({ kind: spec.kind, values, tier });
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
  const spec = specOf(component.kind);
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
  for (const field of componentFields(spec.kind, component.tier ?? 1)) {
    const tiered = field.tiered;
    const value = v[field.name] ?? '';
    if (tiered === undefined || value === '') continue;
    const property = namedNode(tiered.property);
    if (tiered.unitChoice === true) quads.push(quad(node, property, namedNode(`${UNIT_NS}${value}`)));
    else if (tiered.choices?.[0] === 'false' && tiered.choices.length === 2) quads.push(quad(node, property, boolean(value)));
    else if (field.type !== 'number') quads.push(quad(node, property, literal(value)));
    else {
      quads.push(quad(node, property, numberLiteral(value)));
      // The value is written in NBO-Q's canonical unit where it keeps one, so the canonical double is the value.
      if (tiered.unit !== undefined) quads.push(quad(node, namedNode(tiered.unit.property), namedNode(tiered.unit.iri)));
      if (tiered.unit?.canonical !== undefined) quads.push(quad(node, namedNode(tiered.unit.canonical), literal(canonicalDouble(Number(value)), namedNode(XSD.double))));
    }
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
 * The fieldsets of the component form, one per kind, with the fields the configuration's tier
 * requires (labelled without "(optional)"), the values kept and errors beside them.
 * @param values - the submitted form (or empty).
 * @param errors - by form field name.
 * @param tier - the tier of the configuration the components are added to.
 * @returns the markup.
 */
export function componentFieldsets(values: ComponentValues, errors: Readonly<Record<string, string>>, tier = 1): Html {
  return html`${COMPONENT_SPECS.map((spec) => html`<fieldset class="component-add"><legend>${spec.legend}</legend><p class="hint">This configuration is described at tier ${tier}: the fields below are what tier ${tier} asks of ${spec.noun === 'objective' ? 'an' : 'a'} ${spec.noun}.</p>${componentFields(spec.kind, tier).map((field) => {
    const name = `${spec.kind}-${field.name}`;
    const common = { name, label: field.label, value: values[name] ?? field.initial ?? '', hint: field.hint, error: errors[name], required: field.required === true || field.name === 'label' };
    if (field.type === 'choice') {
      const choices = [...(field.initial === undefined ? [{ value: '', label: '— choose —' }] : []), ...(field.choices ?? []).map((c) => ({ value: c, label: field.choiceLabels?.[c] ?? c }))];
      return selectField({ ...common, choices });
    }
    return inputField({ ...common, type: field.type === 'number' ? 'number' : 'text' });
  })}</fieldset>`)}`;
}
