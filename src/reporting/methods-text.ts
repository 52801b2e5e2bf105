import type { Quad } from 'n3';
import { humanize, PHD, pidFromIri } from '../domain/index.js';
import type { AcquisitionSettings, AppliedSettings, UsedComponent } from '../pid/index.js';
import { bandsOf, makeAndModel, NQ, powersOf, wavelengthsOf } from './hardware-inventory.js';
import type { HardwareInventory } from './hardware-inventory.js';
import type { MethodsOntology } from './methods-ontology.js';
import type { MethodsCitation, MethodsSentence } from './methods-view.js';
import type { RecordGraph } from './record-graph.js';
import { SentenceBuilder } from './sentence-builder.js';

/** A record the text names: its IRI and label. */
export interface NamedRecord {
  readonly iri: string;
  readonly label: string;
}

/** Everything the methods text of a configuration or dataset is written from (read by the caller). */
export interface MethodsInput {
  readonly iri: string;
  readonly kind: 'configuration' | 'dataset';
  readonly title: string;
  /** The configuration described (the record, or the one a dataset was acquired with); undefined when a dataset names none. */
  readonly configuration: (NamedRecord & { readonly validFrom: string | undefined; readonly quads: readonly Quad[] }) | undefined;
  /** A dataset's graph and its acquisition settings (pid/acquisition-settings). */
  readonly dataset?: { readonly quads: readonly Quad[]; readonly acquisition: AcquisitionSettings | undefined };
  readonly instance: NamedRecord | undefined;
  readonly model: (NamedRecord & { readonly manufacturer: string | undefined }) | undefined;
  readonly facility: NamedRecord | undefined;
  /** How a record or component is cited (its CURIE where it is a PID, and where it resolves). */
  readonly citationOf: (iri: string) => MethodsCitation;
}

/** `a` or `an` before a word, by its first letter (the words here are instrument terms, not "hour"). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** The PID of a record as the text writes it (`RRID:SCR_…`, `doi:…`), or undefined when it is no PID. */
function curieOf(iri: string): string | undefined {
  return pidFromIri(iri)?.curie;
}

/**
 * The opening sentence: instrument (model and manufacturer), instance PID, facility with its RRID, configuration PID.
 * @param input - the record read.
 * @returns the sentence.
 */
function opening(input: MethodsInput): MethodsSentence {
  const s = new SentenceBuilder();
  const { model, instance, facility, configuration } = input;
  if (input.kind === 'dataset') s.text('The dataset “').fact(input.title, input.iri, 'dataset title').text(`” (${curieOf(input.iri) ?? input.iri}) was acquired on `);
  else s.text('Images were acquired on ');
  if (model === undefined) s.missing('instrument model');
  else {
    s.text(`${article(model.label)} `).fact(model.label, model.iri, 'instrument model').text(' microscope (').fact(model.manufacturer, model.iri, 'instrument manufacturer');
    const rrid = curieOf(model.iri);
    if (rrid !== undefined) s.text(', ').fact(rrid, model.iri, 'model RRID');
    s.text(')');
  }
  s.text(', instrument ');
  if (instance === undefined) s.missing('instrument instance');
  else s.fact(instance.label, instance.iri, 'instrument name').text(' (PIDINST ').fact(curieOf(instance.iri), instance.iri, 'instrument PID').text(')');
  s.text(', operated by ');
  if (facility === undefined) s.missing('facility');
  else {
    const rrid = curieOf(facility.iri);
    s.fact(facility.label, facility.iri, 'facility name').text(' (').fact(rrid?.startsWith('RRID:') === true ? rrid : undefined, facility.iri, 'facility RRID').text(')');
  }
  if (configuration === undefined) s.text(', in ').missing('hardware configuration');
  else {
    s.text(', in the hardware configuration “').fact(configuration.label, configuration.iri, 'configuration name').text('” (').fact(curieOf(configuration.iri) ?? configuration.iri, configuration.iri, 'configuration PID');
    if (configuration.validFrom !== undefined) s.text(', in use from ').fact(configuration.validFrom, configuration.iri, 'configuration date');
    s.text(')');
  }
  return s.text('.').build(input.citationOf);
}

/** A component named as in a paper: manufacturer and model, else its label. */
function nameOf(graph: RecordGraph, component: string): string {
  return makeAndModel(graph, component) ?? graph.label(component) ?? component;
}

/** The hardware sentences: stand, objectives, light sources, filters and dichroics, detectors, software. */
function hardware(inventory: HardwareInventory, ontology: MethodsOntology, input: MethodsInput, usedObjectives: readonly string[]): MethodsSentence[] {
  const { graph } = inventory;
  const cite = input.citationOf;
  const sentences: MethodsSentence[] = [];
  const classWord = (component: string) => {
    const cls = graph.classOf(component);
    return cls === undefined ? 'component' : ontology.labelOf(cls);
  };

  const stand = new SentenceBuilder();
  if (inventory.stands.length === 0) stand.text('The microscope stand is not described ').missing('microscope stand').text('.');
  for (const c of inventory.stands) {
    const kind = graph.isA(c, NQ.InvertedMicroscopeStand) ? 'inverted' : graph.isA(c, NQ.UprightMicroscopeStand) ? 'upright' : undefined;
    stand.text('The microscope stand is ').text(kind === undefined ? 'a ' : `${article(kind)} ${kind} `).fact(makeAndModel(graph, c), c, 'stand model').text('. ');
  }
  sentences.push(stand.build(cite));

  /** A sentence on the components of one role: a lead and the list, or a missing marker when there are none. */
  const role = (components: readonly string[], lead: string, none: readonly [string, string], each: (s: SentenceBuilder, c: string) => void) => {
    const s = new SentenceBuilder();
    if (components.length === 0) s.text(none[0]).missing(none[1]).text('.');
    else s.text(lead).list(components, (c) => each(s, c)).text('.');
    return s.build(cite);
  };

  const objectives = usedObjectives.length > 0 ? usedObjectives : inventory.objectives;
  const objectivesLead = usedObjectives.length > 0 ? 'Images were taken with ' : objectives.length === 1 ? 'The objective is ' : `The configuration has ${objectives.length} objectives: `;
  sentences.push(role(objectives, objectivesLead, ['Objective: ', 'objective'], (s, c) => {
    const magnification = graph.quantity(c, NQ.magnification);
    const correction = graph.text(c, NQ.correction);
    const immersion = graph.text(c, NQ.immersionType);
    s.text(`${article(nameOf(graph, c))} `).fact(nameOf(graph, c), c, 'objective model').text(' (').fact(magnification === undefined ? undefined : `${magnification}×`, c, 'objective magnification')
      .text(', NA ').fact(graph.quantity(c, NQ.lensNA), c, 'objective numerical aperture')
      .text(', ').fact(immersion === undefined ? undefined : humanize(immersion), c, 'objective immersion medium').text(' immersion');
    if (correction !== undefined) s.text(', ').fact(correction, c, 'objective correction').text(' correction');
    s.text(')');
  }));

  sentences.push(role(inventory.lightSources, 'Illumination was provided by ', ['Illumination: ', 'light source'], (s, c) => {
    const recorded = graph.text(c, NQ.type);
    const type = recorded === undefined ? undefined : humanize(recorded);
    const word = classWord(c);
    s.text(`${article(type ?? word)} ${type === undefined ? '' : `${type} `}${word} (`).fact(nameOf(graph, c), c, 'light source model');
    const fluorescence = graph.isA(c, NQ.FluorescenceLightSource);
    const wavelengths = wavelengthsOf(graph, c);
    // A power of 0 is how Micro-Meta App leaves the field unset.
    const powers = powersOf(graph, c).filter((p) => Number.parseFloat(p) !== 0);
    if (wavelengths.length > 0) s.text(', ').fact(wavelengths.join(', '), c, 'light source wavelength');
    else if (fluorescence) s.text(', ').missing('light source wavelength');
    if (powers.length > 0) s.text(', ').fact(powers.join(', '), c, 'light source power').text(' nominal output');
    else if (fluorescence) s.text(', ').missing('light source power');
    s.text(')');
  }));

  const filters = new SentenceBuilder();
  const group = (label: string, components: readonly string[]) => {
    if (components.length === 0) return;
    if (!filters.isEmpty()) filters.text(' ');
    filters.text(`${label}: `).list(components, (c) => {
      const bands = bandsOf(graph, c);
      filters.fact(nameOf(graph, c), c, 'filter model').text(' (').fact(bands.length === 0 ? undefined : bands.join(', '), c, 'filter band').text(')');
    }).text('.');
  };
  group('Excitation filters', inventory.excitationFilters);
  group('Dichroic mirrors', inventory.dichroics);
  group('Emission filters', inventory.emissionFilters);
  group('Other filters', inventory.otherFilters);
  if (filters.isEmpty() && inventory.lightSources.some((c) => graph.isA(c, NQ.FluorescenceLightSource))) filters.text('Filters and dichroic mirrors: ').missing('excitation and emission filters, dichroic mirrors').text('.');
  if (!filters.isEmpty()) sentences.push(filters.build(cite));

  sentences.push(role(inventory.detectors, 'Light was detected with ', ['Detection: ', 'detector'], (s, c) => {
    const type = graph.text(c, NQ.type);
    s.text(`${article(classWord(c))} ${classWord(c)} (`).fact(makeAndModel(graph, c), c, 'detector model');
    if (type !== undefined) s.text(', ').fact(humanize(type), c, 'detector type');
    const width = graph.quantity(c, NQ.pixelWidth);
    const height = graph.quantity(c, NQ.pixelHeight);
    if (graph.isA(c, NQ.Camera)) s.text(', pixel size ').fact(width === undefined || height === undefined ? undefined : `${width} × ${height}`, c, 'camera pixel size');
    s.text(')');
  }));

  sentences.push(role(inventory.software, 'The acquisition was controlled with ', ['Acquisition software: ', 'acquisition software and version'], (s, c) => {
    const developer = graph.text(c, NQ.developer);
    s.fact(graph.label(c) ?? graph.text(c, NQ.model), c, 'software name').text(' ').fact(graph.text(c, NQ.version), c, 'acquisition software version');
    if (developer !== undefined) s.text(' (').fact(developer, c, 'software developer').text(')');
  }));
  return sentences;
}

/** `name value` pairs of applied settings, as a list the text can write (`exposure time 1.2 µs`). */
function settingValues(settings: readonly AppliedSettings[]): string | undefined {
  const values = settings.flatMap((s) => s.values.map((v) => `${v.name} ${v.value}`));
  return values.length === 0 ? undefined : values.join(', ');
}

/** The components some settings apply to, by label. */
function componentNames(components: readonly UsedComponent[]): string | undefined {
  return components.length === 0 ? undefined : components.map((c) => c.label).join(', ');
}

/** The acquisition sentences of a dataset: image geometry, objective settings, one sentence per channel. */
function acquisition(input: MethodsInput, graph: RecordGraph): MethodsSentence[] {
  const settings = input.dataset?.acquisition;
  const cite = input.citationOf;
  const dataset = input.iri;
  const sentences: MethodsSentence[] = [];
  const pixels = graph.links(dataset, PHD.hasSettings).find((n) => graph.isA(n, NQ.Pixels));
  const size = new SentenceBuilder();
  const x = pixels === undefined ? undefined : graph.quantity(pixels, NQ.physicalSizeX);
  const y = pixels === undefined ? undefined : graph.quantity(pixels, NQ.physicalSizeY);
  size.text('The image pixel size was ').fact(x === undefined ? undefined : y === undefined || y === x ? x : `${x} × ${y}`, dataset, 'image pixel size');
  const z = pixels === undefined ? undefined : graph.quantity(pixels, NQ.physicalSizeZ);
  if (z !== undefined) size.text(', with z steps of ').fact(z, dataset, 'z step');
  const sizeX = pixels === undefined ? undefined : graph.text(pixels, NQ.sizeX);
  const sizeY = pixels === undefined ? undefined : graph.text(pixels, NQ.sizeY);
  if (sizeX !== undefined && sizeY !== undefined) size.text('; images are ').fact(`${sizeX} × ${sizeY}`, dataset, 'image size').text(' pixels');
  const interval = pixels === undefined ? undefined : graph.quantity(pixels, NQ.timeIncrement);
  if (interval !== undefined) size.text(', taken every ').fact(interval, dataset, 'time interval');
  sentences.push(size.text('.').build(cite));

  if (settings === undefined) {
    sentences.push(new SentenceBuilder().text('Acquisition settings: ').missing('acquisition settings (channels, light source power, exposure time or pixel dwell time, detector gain)').text('.').build(cite));
    return sentences;
  }
  if (settings.objective !== undefined && settings.objective.values.length > 0) {
    sentences.push(new SentenceBuilder().text('Objective settings: ').fact(settingValues([settings.objective]), dataset, 'objective settings').text('.').build(cite));
  }
  if (settings.channels.length === 0) sentences.push(new SentenceBuilder().text('Channels: ').missing('channels').text('.').build(cite));
  for (const channel of settings.channels) {
    const s = new SentenceBuilder();
    const used = [...channel.lightSources.flatMap((l) => l.components), ...channel.detectors.flatMap((d) => d.components), ...channel.lightPath];
    s.text(`Channel ${channel.number ?? ''} “`).fact(channel.name, channel.iri.startsWith(dataset) ? dataset : channel.iri, 'channel name').text('”');
    if (channel.fluorophore !== undefined) s.text(' (').fact(channel.fluorophore, dataset, 'fluorophore').text(')');
    if (channel.excitation !== undefined || channel.emission !== undefined) {
      s.text(': excitation ').fact(channel.excitation, dataset, 'excitation wavelength').text(', emission ').fact(channel.emission, dataset, 'emission wavelength');
    }
    s.text('; illumination: ');
    const lights = channel.lightSources;
    if (lights.length === 0) s.missing('light source settings');
    else s.fact(componentNames(lights.flatMap((l) => l.components)) ?? 'light source', dataset, 'light source').text(' at ').fact(settingValues(lights), dataset, 'light source power setting');
    s.text('; detection: ');
    if (channel.detectors.length === 0) s.missing('detector settings');
    else s.fact(componentNames(channel.detectors.flatMap((d) => d.components)) ?? 'detector', dataset, 'detector').text(', ').fact(settingValues(channel.detectors), dataset, 'detector settings (gain, exposure)');
    const path = componentNames(channel.lightPath);
    if (path !== undefined) s.text('; light path: ').fact(path, dataset, 'light path');
    sentences.push(s.text('.').build(cite, used.map((c) => c.iri)));
  }
  return sentences;
}

/**
 * Writes the methods text: an opening naming the instrument, instance, facility and configuration,
 * a paragraph on the hardware, and for a dataset a paragraph on its acquisition settings. Every
 * fact cites the record or component it comes from; what a methods section needs and the record
 * lacks is marked `[missing: …]`.
 * @param input - the records read.
 * @param inventory - the configuration's components by role; undefined when there is no configuration.
 * @param datasetGraph - the dataset's graph (for a dataset).
 * @param ontology - labels and the class tree.
 * @returns the paragraphs.
 */
export function methodsText(input: MethodsInput, inventory: HardwareInventory | undefined, datasetGraph: RecordGraph | undefined, ontology: MethodsOntology): MethodsSentence[][] {
  const paragraphs: MethodsSentence[][] = [[opening(input)]];
  const usedObjectives = (input.dataset?.acquisition?.objective?.components ?? []).map((c) => c.iri).filter((iri) => inventory?.objectives.includes(iri) === true);
  if (inventory !== undefined) paragraphs.push(hardware(inventory, ontology, input, usedObjectives));
  if (input.kind === 'dataset' && datasetGraph !== undefined) paragraphs.push(acquisition(input, datasetGraph));
  return paragraphs;
}
