import { NBOQ_NS, PHD, vocabulary } from '../domain/index.js';
import type { RecordGraph } from './record-graph.js';

/** The NBO-Q terms a methods section reads from a hardware configuration. */
export const NQ = vocabulary(NBOQ_NS, [
  'MicroscopeStand', 'InvertedMicroscopeStand', 'UprightMicroscopeStand', 'Objective', 'LightSource', 'FluorescenceLightSource',
  'Filter', 'ExcitationFilter', 'EmissionFilter', 'Dichroic', 'Detector', 'Camera', 'Software', 'AcquisitionSoftware',
  'EnvironmentalControlDevice', 'IlluminationWavelengthRange', 'LEDModule', 'TransmittanceRange',
  'manufacturer', 'model', 'type', 'magnification', 'lensNA', 'immersionType', 'correction', 'version', 'developer',
  'illuminationWavelengthRange', 'ledModule', 'peakWavelength', 'illuminationPower', 'wavelength',
  'transmittanceRange', 'fwhmBandwidth', 'cutOn', 'cutOff', 'pixelWidth', 'pixelHeight',
  'Pixels', 'physicalSizeX', 'physicalSizeY', 'physicalSizeZ', 'sizeX', 'sizeY', 'sizeZ', 'sizeC', 'sizeT', 'timeIncrement',
] as const);

/** A configuration's components sorted into the roles a methods section names, each in record order. */
export interface HardwareInventory {
  readonly configuration: string;
  readonly graph: RecordGraph;
  readonly stands: readonly string[];
  readonly objectives: readonly string[];
  readonly lightSources: readonly string[];
  readonly excitationFilters: readonly string[];
  readonly emissionFilters: readonly string[];
  /** Filters other than excitation and emission (neutral density, generic). */
  readonly otherFilters: readonly string[];
  readonly dichroics: readonly string[];
  readonly detectors: readonly string[];
  readonly software: readonly string[];
}

/**
 * Sorts a configuration's components (`phd:hasComponent`) by role, through the NBO-Q class tree.
 * @param configuration - the configuration IRI.
 * @param graph - its graph.
 * @returns the inventory; components in no role are left out (they have no sentence of their own).
 */
export function hardwareInventory(configuration: string, graph: RecordGraph): HardwareInventory {
  const components = graph.links(configuration, PHD.hasComponent).sort();
  const of = (cls: string) => components.filter((c) => graph.isA(c, cls));
  const filters = of(NQ.Filter);
  const excitation = filters.filter((c) => graph.isA(c, NQ.ExcitationFilter));
  const emission = filters.filter((c) => graph.isA(c, NQ.EmissionFilter));
  return {
    configuration,
    graph,
    stands: of(NQ.MicroscopeStand),
    objectives: of(NQ.Objective),
    lightSources: of(NQ.LightSource),
    excitationFilters: excitation,
    emissionFilters: emission,
    otherFilters: filters.filter((c) => !excitation.includes(c) && !emission.includes(c)),
    dichroics: of(NQ.Dichroic),
    detectors: of(NQ.Detector),
    software: of(NQ.Software),
  };
}

/**
 * A component's manufacturer and model, as one would name it in a paper (`Leica Microsystems HC PL APO 63x/1.40`).
 * @param graph - the configuration's graph.
 * @param component - the component IRI.
 * @returns the name, or undefined when the record gives neither manufacturer nor model.
 */
export function makeAndModel(graph: RecordGraph, component: string): string | undefined {
  const manufacturer = graph.text(component, NQ.manufacturer);
  const model = graph.text(component, NQ.model);
  if (model === undefined) return manufacturer;
  return manufacturer === undefined || model.toLowerCase().startsWith(manufacturer.toLowerCase()) ? model : `${manufacturer} ${model}`;
}

/** The wavelength ranges of a light source: its own, and those of its LED modules. */
function emissionRanges(graph: RecordGraph, lightSource: string): string[] {
  const modules = graph.links(lightSource, NQ.ledModule);
  return [lightSource, ...modules].flatMap((node) => graph.links(node, NQ.illuminationWavelengthRange));
}

/**
 * The emission wavelengths of a light source, normalised (`405 nm`), each once.
 * @param graph - the configuration's graph.
 * @param lightSource - the light source IRI.
 * @returns the wavelengths, in record order.
 */
export function wavelengthsOf(graph: RecordGraph, lightSource: string): string[] {
  const values = emissionRanges(graph, lightSource).map((range) => graph.quantity(range, NQ.peakWavelength) ?? graph.quantity(range, NQ.wavelength));
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}

/**
 * The output powers recorded for a light source (its ranges', its LED modules', its own), normalised (`50 mW`).
 * @param graph - the configuration's graph.
 * @param lightSource - the light source IRI.
 * @returns the powers, each once.
 */
export function powersOf(graph: RecordGraph, lightSource: string): string[] {
  const nodes = [lightSource, ...graph.links(lightSource, NQ.ledModule), ...emissionRanges(graph, lightSource)];
  return [...new Set(nodes.map((n) => graph.quantity(n, NQ.illuminationPower)).filter((v): v is string => v !== undefined))];
}

/**
 * The pass bands of a filter or dichroic (`445/50 nm`, `515–565 nm`, `590 nm`), from its transmittance ranges.
 * @param graph - the configuration's graph.
 * @param filter - the filter IRI.
 * @returns the bands, in record order.
 */
export function bandsOf(graph: RecordGraph, filter: string): string[] {
  return graph.links(filter, NQ.transmittanceRange).flatMap((range) => {
    const centre = graph.quantity(range, NQ.wavelength);
    const width = graph.quantity(range, NQ.fwhmBandwidth);
    const on = graph.quantity(range, NQ.cutOn);
    const off = graph.quantity(range, NQ.cutOff);
    if (on !== undefined && off !== undefined) return [`${on.replace(/ nm$/, '')}–${off}`];
    if (centre === undefined) return on === undefined ? [] : [`from ${on}`];
    // A width of 0 is how a long- or short-pass edge is recorded: the edge alone is the band.
    if (width === undefined || Number.parseFloat(width) === 0) return [centre];
    return [centre.endsWith(' nm') && width.endsWith(' nm') ? `${centre.slice(0, -3)}/${width}` : `${centre}, bandwidth ${width}`];
  });
}
