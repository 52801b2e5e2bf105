import { NBOQ_NS, PHD, RDF, vocabulary } from '../domain/index.js';
import type { AcquisitionSettings } from '../pid/index.js';
import { bandsOf, makeAndModel, NQ, powersOf, wavelengthsOf } from './hardware-inventory.js';
import type { HardwareInventory } from './hardware-inventory.js';
import type { ChecklistRow, ChecklistStatus } from './methods-view.js';
import type { RecordGraph } from './record-graph.js';

/** LiMi (NBO-Q) fields the checklist points to, besides those of {@link NQ}. */
const LIMI = vocabulary(NBOQ_NS, [
  'Fluorescence_LightSource_Laser', 'Fluorescence_LightSource_LightEmittingDiode', 'Fluorescence_LightSource_Arc', 'StandardDichroic',
  'Channel', 'LightSourceSettings', 'CameraSettings', 'PointDetectorSettings', 'illuminationPowerSettings', 'exposureTime',
  'pixelDwellTime', 'analogGain', 'amplificationGain', 'excitationWavelength', 'emissionWavelength', 'Fluorophore',
  'ImmersionLiquid', 'ObjectiveSettings',
] as const);

/** What the checklist reads: the configuration's inventory and, for a dataset, its graph and settings. */
export interface ChecklistInput {
  readonly kind: 'configuration' | 'dataset';
  readonly inventory: HardwareInventory | undefined;
  readonly dataset?: { readonly iri: string; readonly graph: RecordGraph; readonly acquisition: AcquisitionSettings | undefined };
  /** The facility's RRID, the instance's PID (both from the records, undefined when they have none). */
  readonly facilityRrid: string | undefined;
  readonly instancePid: string | undefined;
  readonly model: string | undefined;
}

/** One item of the community checklist: its words, the fields it checks, and how its values are found. */
interface ChecklistItem {
  readonly id: string;
  readonly item: string;
  readonly fields: readonly string[];
  /** Items about an acquisition only apply to datasets. */
  readonly acquisition?: boolean;
  readonly values: (input: ChecklistInput) => readonly string[];
}

/** Every value found on some components, each once. */
function across(inventory: HardwareInventory | undefined, pick: (i: HardwareInventory) => readonly string[], value: (graph: RecordGraph, c: string) => readonly (string | undefined)[]): string[] {
  if (inventory === undefined) return [];
  const found = pick(inventory).flatMap((c) => value(inventory.graph, c)).filter((v): v is string => v !== undefined);
  return [...new Set(found)];
}

/** The values of a property on every component of a role, or none when any component lacks it (every objective needs its NA). */
function onEvery(inventory: HardwareInventory | undefined, pick: (i: HardwareInventory) => readonly string[], value: (graph: RecordGraph, c: string) => string | undefined): string[] {
  if (inventory === undefined) return [];
  const components = pick(inventory);
  const values = components.map((c) => value(inventory.graph, c));
  return values.length === 0 || values.some((v) => v === undefined) ? [] : [...new Set(values as string[])];
}

/** Setting values of a dataset's channels whose name matches. */
function channelSettings(input: ChecklistInput, kind: 'lightSources' | 'detectors', name: RegExp): string[] {
  const channels = input.dataset?.acquisition?.channels ?? [];
  return [...new Set(channels.flatMap((c) => c[kind].flatMap((s) => s.values.filter((v) => name.test(v.name)).map((v) => `${v.name} ${v.value}`))))];
}

/**
 * The bare-minimum reporting items for light microscopy, in our own words after the community
 * checklist (QUAREP-LiMi WG11, J Cell Biol 2026), each pointing to the LiMi fields that answer it.
 */
export const CHECKLIST_ITEMS: readonly ChecklistItem[] = [
  { id: 'facility', item: 'Imaging facility, with its RRID', fields: [PHD.Facility, PHD.operates], values: (i) => (i.facilityRrid === undefined ? [] : [i.facilityRrid]) },
  { id: 'instrument-pid', item: 'Persistent identifier of the instrument used (PIDINST)', fields: [PHD.InstrumentInstance], values: (i) => (i.instancePid === undefined ? [] : [i.instancePid]) },
  {
    id: 'microscope', item: 'Microscope make and model', fields: [NQ.MicroscopeStand, NQ.manufacturer, NQ.model],
    values: (i) => [...new Set([...(i.model === undefined ? [] : [i.model]), ...across(i.inventory, (v) => v.stands, (g, c) => [makeAndModel(g, c)])])],
  },
  {
    id: 'stand', item: 'Type of stand (upright or inverted)', fields: [NQ.UprightMicroscopeStand, NQ.InvertedMicroscopeStand],
    values: (i) => across(i.inventory, (v) => v.stands, (g, c) => [g.isA(c, NQ.InvertedMicroscopeStand) ? 'inverted' : g.isA(c, NQ.UprightMicroscopeStand) ? 'upright' : undefined]),
  },
  { id: 'objective-magnification', item: 'Magnification of each objective', fields: [NQ.Objective, NQ.magnification], values: (i) => onEvery(i.inventory, (v) => v.objectives, (g, c) => g.quantity(c, NQ.magnification)).map((m) => `${m}×`) },
  { id: 'objective-na', item: 'Numerical aperture of each objective', fields: [NQ.Objective, NQ.lensNA], values: (i) => onEvery(i.inventory, (v) => v.objectives, (g, c) => g.quantity(c, NQ.lensNA)) },
  { id: 'objective-immersion', item: 'Immersion medium of each objective', fields: [NQ.immersionType, LIMI.ImmersionLiquid], values: (i) => onEvery(i.inventory, (v) => v.objectives, (g, c) => g.text(c, NQ.immersionType)) },
  { id: 'objective-correction', item: 'Optical correction of each objective (plan, apochromat…)', fields: [NQ.correction], values: (i) => onEvery(i.inventory, (v) => v.objectives, (g, c) => g.text(c, NQ.correction)) },
  {
    id: 'light-source-type', item: 'Type of each light source (laser, LED, arc or filament lamp)', fields: [NQ.LightSource, LIMI.Fluorescence_LightSource_Laser, LIMI.Fluorescence_LightSource_LightEmittingDiode, LIMI.Fluorescence_LightSource_Arc, NQ.type],
    values: (i) => across(i.inventory, (v) => v.lightSources, (g, c) => [g.links(c, RDF.type).map((t) => t.replace(/^.*[#_]/, '')).join(', ') || undefined]),
  },
  {
    id: 'light-source-wavelength', item: 'Wavelength (or band) of each fluorescence light source', fields: [NQ.IlluminationWavelengthRange, NQ.peakWavelength],
    values: (i) => onEvery(i.inventory, (v) => v.lightSources.filter((c) => v.graph.isA(c, NQ.FluorescenceLightSource)), (g, c) => wavelengthsOf(g, c).join(', ') || undefined),
  },
  {
    id: 'light-power', item: 'Light power, at the sample where it was measured, else the source output and its setting', fields: [NQ.illuminationPower, LIMI.illuminationPowerSettings],
    values: (i) => [...across(i.inventory, (v) => v.lightSources, (g, c) => powersOf(g, c).filter((p) => Number.parseFloat(p) !== 0)), ...channelSettings(i, 'lightSources', /power|attenuation/i)],
  },
  {
    id: 'filters', item: 'Excitation and emission filters, with their pass bands', fields: [NQ.ExcitationFilter, NQ.EmissionFilter, NQ.TransmittanceRange, NQ.wavelength, NQ.fwhmBandwidth, NQ.cutOn, NQ.cutOff],
    values: (i) => onEvery(i.inventory, (v) => [...v.excitationFilters, ...v.emissionFilters], (g, c) => (bandsOf(g, c).length === 0 ? undefined : `${makeAndModel(g, c) ?? g.label(c) ?? c}: ${bandsOf(g, c).join(', ')}`)),
  },
  { id: 'dichroics', item: 'Dichroic mirrors (beam splitters)', fields: [NQ.Dichroic, LIMI.StandardDichroic], values: (i) => across(i.inventory, (v) => v.dichroics, (g, c) => [makeAndModel(g, c) ?? g.label(c)]) },
  {
    id: 'detector', item: 'Type and model of each detector', fields: [NQ.Detector, NQ.manufacturer, NQ.model],
    values: (i) => onEvery(i.inventory, (v) => v.detectors, (g, c) => { const m = makeAndModel(g, c); const t = g.classOf(c); return m === undefined || t === undefined ? undefined : `${t.replace(/^.*#/, '')}: ${m}`; }),
  },
  {
    id: 'detector-settings', item: 'Detector settings: exposure time or pixel dwell time, gain', acquisition: true,
    fields: [LIMI.CameraSettings, LIMI.PointDetectorSettings, LIMI.exposureTime, LIMI.pixelDwellTime, LIMI.analogGain, LIMI.amplificationGain],
    values: (i) => channelSettings(i, 'detectors', /gain|exposure|dwell|voltage|binning/i),
  },
  {
    id: 'channels', item: 'Channels: fluorophore, excitation and emission wavelengths', acquisition: true, fields: [LIMI.Channel, LIMI.Fluorophore, LIMI.excitationWavelength, LIMI.emissionWavelength],
    values: (i) => (i.dataset?.acquisition?.channels ?? []).map((c) => [c.name, c.fluorophore, c.excitation, c.emission].filter((v) => v !== undefined).join(', ')),
  },
  {
    id: 'pixel-size', item: 'Pixel size in the sample plane (and z step)', acquisition: true, fields: [NQ.Pixels, NQ.physicalSizeX, NQ.physicalSizeY, NQ.physicalSizeZ],
    values: (i) => {
      const d = i.dataset;
      if (d === undefined) return [];
      const pixels = d.graph.links(d.iri, PHD.hasSettings).filter((n) => d.graph.isA(n, NQ.Pixels));
      return pixels.flatMap((p) => [d.graph.quantity(p, NQ.physicalSizeX), d.graph.quantity(p, NQ.physicalSizeY), d.graph.quantity(p, NQ.physicalSizeZ)]).filter((v): v is string => v !== undefined);
    },
  },
  {
    id: 'software', item: 'Acquisition software and its version', fields: [NQ.AcquisitionSoftware, NQ.version],
    values: (i) => onEvery(i.inventory, (v) => v.software, (g, c) => { const version = g.text(c, NQ.version); return version === undefined ? undefined : `${g.label(c) ?? ''} ${version}`.trim(); }),
  },
];

/**
 * The reporting checklist of a record: each item present (with the values found), missing, or not
 * applicable (an acquisition item for a configuration).
 * @param input - what the record holds.
 * @returns the rows, in checklist order.
 */
export function reportingChecklist(input: ChecklistInput): ChecklistRow[] {
  return CHECKLIST_ITEMS.map((item) => {
    const values = item.values(input);
    const status: ChecklistStatus = item.acquisition === true && input.kind === 'configuration' ? 'not-applicable' : values.length > 0 ? 'present' : 'missing';
    return { id: item.id, item: item.item, fields: item.fields, status, values: status === 'not-applicable' ? [] : values };
  });
}
