import N3 from 'n3';
import type { Quad, Quad_Object, Quad_Subject } from 'n3';
import { PREFIXES, UNIT_NS, vocabulary } from '../domain/index.js';
import { canonicalDouble, canonicalUnitFor, decimalLexical, unitBySymbol } from '../domain/index.js';
import { PHD, RDF, RDFS } from '../domain/index.js';
import { toCanonical } from '../domain/index.js';
import { NQ, PX } from './ome-converter-terms.js';
import { BINNING, BIT_DEPTHS, CONTRAST_METHOD, illuminationTypeOf } from './ome-enumerations.js';
import { detectorCategory } from './ome-part-schemas.js';
import type { DetectorCategory } from './ome-part-schemas.js';
import { round } from './ome-quantities.js';
import type { OmeImage, OmeInstrument, OmeQuantity } from './ome-document.js';

const { namedNode, literal, quad } = N3.DataFactory;
const DCT = vocabulary(PREFIXES.dcterms, ['identifier', 'title', 'created', 'description'] as const);
const XSD = vocabulary(PREFIXES.xsd, ['decimal', 'integer', 'double', 'date', 'dateTime', 'string', 'boolean'] as const);

/** Options of {@link imageToDataset}. */
export interface ImageToDatasetOptions {
  /** IRI of the dataset record to create. */
  datasetIri: string;
  /** The configuration in effect at acquisition (phd:acquiredWith). */
  configurationIri: string;
  /** The configuration's component for an OME ID (from `omeComponentIris` or `matchInstrument`). */
  componentIri: (omeId: string) => string | undefined;
  /** Title when the image has no Name (e.g. from the file name); else `OME image {ID}`. */
  title?: string;
  /** Acquisition date (xsd:date or xsd:dateTime) when the image has no AcquisitionDate. */
  created?: string;
  /** The image's instrument: its detector types choose camera or point-detector settings classes. */
  instrument?: OmeInstrument;
  /**
   * Told of each OME setting the record leaves out for what the image states (the binning of a point
   * detector, say), once per occurrence: its path (`Image/Pixels/Channel/DetectorSettings@Binning`)
   * and the reason. Settings never mapped, whatever their value, are found by the parser's walk
   * (OmeDocument.notMapped) instead.
   */
  leftOut?: (path: string, reason: string) => void;
}


/**
 * Converts an OME Image into one dataset record: `phd:Dataset` with title, acquisition date
 * (`dcterms:created`, the image's AcquisitionDate as xsd:dateTime, else `options.created`; with
 * neither it is left out and the Dataset shape reports it), `phd:acquiredWith` the configuration,
 * and the acquisition settings as NBO-Q nodes under the dataset IRI: `{dataset}/objective-settings`,
 * `{dataset}/channel/{n}` (nboq:Channel) with `/light-source-settings`, `/detector-settings`
 * (camera, point-detector or generic settings after the detector's type) and `/fluorophore`
 * (excitation and emission wavelengths, which NBO-Q keeps on the fluorophore) and `/light-path`
 * (nboq:LightPath, its elements `/light-path/{n}` phd:LightPathElement with role and position),
 * `{dataset}/pixels` (nboq:Pixels), `{dataset}/imaging-environment` (nboq:ImagingEnvironment) and
 * `{dataset}/stage-label` (nboq:StageLabel). Settings link to the configuration's components with
 * `phd:usesComponent`; the dataset and channels link to their settings with `phd:hasSettings`.
 *
 * @param image - the OME image.
 * @param options - IRIs, the component lookup, and fallbacks for title and date.
 * @returns the quads of the record.
 * @example
 * const quads = imageToDataset(doc.images[0]!, {
 *   datasetIri: 'https://example.org/id/dataset/cells-1', configurationIri: config,
 *   componentIri: (id) => omeComponentIris(instrument, config).get(id), instrument,
 * });
 */
export function imageToDataset(image: OmeImage, options: ImageToDatasetOptions): Quad[] {
  const quads: Quad[] = [];
  const dataset = namedNode(options.datasetIri);
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => quads.push(quad(s, namedNode(p), o));
  const str = (value: string) => literal(value);
  const dec = (value: number) => literal(decimalLexical(value), namedNode(XSD.decimal));
  const int = (value: number) => literal(String(value), namedNode(XSD.integer));
  const bool = (value: boolean) => literal(String(value), namedNode(XSD.boolean));
  /** A settings node `{owner}/…` of an NBO-Q class, linked from its owner, keeping its OME identity. */
  const settingsNode = (owner: Quad_Subject, iri: string, cls: string, identifier: string) => {
    const node = namedNode(iri);
    add(owner, PHD.hasSettings, node);
    add(node, RDF.type, namedNode(cls));
    add(node, DCT.identifier, str(identifier));
    return node;
  };
  const leftOut = (path: string, reason: string) => options.leftOut?.(path, reason);
  const link = (subject: Quad_Subject, omeId: string | undefined) => {
    const iri = omeId === undefined ? undefined : options.componentIri(omeId);
    if (iri !== undefined) add(subject, PHD.usesComponent, namedNode(iri));
  };
  /** A value with its unit IRI and, where the kind is convertible, the canonical value. */
  const addQuantity = (subject: Quad_Subject, property: string, unitProperty: string, kind: string, field: string, quantity: OmeQuantity | undefined) => {
    if (quantity === undefined) return;
    const unit = unitBySymbol(kind, quantity.unit);
    if (unit === undefined) return;
    add(subject, property, dec(quantity.value));
    add(subject, unitProperty, namedNode(`${UNIT_NS}${unit.local}`));
    const canonical = canonicalUnitFor(kind, field);
    const value = canonical === undefined ? undefined : toCanonical(quantity.value, unit, canonical.unit);
    if (canonical !== undefined && value !== undefined) add(subject, `${property}_${canonical.suffix}`, literal(canonicalDouble(value), namedNode(XSD.double)));
  };

  add(dataset, RDF.type, namedNode(PHD.Dataset));
  add(dataset, DCT.title, str(image.name ?? options.title ?? `OME image ${image.id}`));
  const created = image.acquisitionDate ?? options.created;
  if (created !== undefined) add(dataset, DCT.created, literal(created, namedNode(created.includes('T') ? XSD.dateTime : XSD.date)));
  add(dataset, PHD.acquiredWith, namedNode(options.configurationIri));
  if (image.description !== undefined) add(dataset, DCT.description, str(image.description));
  add(dataset, PHD.sourceIdentifier, str(image.id));

  const settings = image.objectiveSettings;
  if (settings !== undefined) {
    // OME settings have no identity of their own (their ID names the objective): `{owner}/{element}`.
    const node = settingsNode(dataset, `${options.datasetIri}/objective-settings`, NQ.ObjectiveSettings, `${image.id}/ObjectiveSettings`);
    link(node, settings.id);
    if (settings.refractiveIndex !== undefined) add(node, NQ.measuredRefractiveIndex, dec(settings.refractiveIndex));
    if (settings.correctionCollar !== undefined) add(node, NQ.correctionCollarPosition, str(String(settings.correctionCollar)));
  }

  const pixels = image.pixels;
  if (pixels !== undefined) {
    const node = settingsNode(dataset, `${options.datasetIri}/pixels`, NQ.Pixels, pixels.id);
    if (pixels.dimensionOrder !== undefined) add(node, NQ.dimensionOrder, str(pixels.dimensionOrder));
    if (pixels.type !== undefined) add(node, NQ.pixelType, str(pixels.type));
    for (const [key, property] of [['sizeX', NQ.sizeX], ['sizeY', NQ.sizeY], ['sizeZ', NQ.sizeZ], ['sizeC', NQ.sizeC], ['sizeT', NQ.sizeT], ['significantBits', NQ.significantBits]] as const) {
      const value = pixels[key];
      if (value !== undefined) add(node, property, int(value));
    }
    if (pixels.interleaved !== undefined) add(node, NQ.interleaved, bool(pixels.interleaved));
    if (pixels.bigEndian !== undefined) add(node, NQ.bigEndian, bool(pixels.bigEndian));
    addQuantity(node, NQ.physicalSizeX, NQ.physicalSizeXUnit, 'length', 'PhysicalSizeX', pixels.physicalSizeX);
    addQuantity(node, NQ.physicalSizeY, NQ.physicalSizeYUnit, 'length', 'PhysicalSizeY', pixels.physicalSizeY);
    addQuantity(node, NQ.physicalSizeZ, NQ.physicalSizeZUnit, 'length', 'PhysicalSizeZ', pixels.physicalSizeZ);
    addQuantity(node, NQ.timeIncrement, NQ.timeIncrementUnit, 'time', 'TimeIncrement', pixels.timeIncrement);
  }

  const environment = image.imagingEnvironment;
  if (environment !== undefined) {
    const node = settingsNode(dataset, `${options.datasetIri}/imaging-environment`, NQ.ImagingEnvironment, `${image.id}/ImagingEnvironment`);
    // NBO-Q writes temperature, CO2 and humidity as strings (a number or a phrase such as "Room
    // Temperature"), and CO2 and humidity in per cent, where OME has fractions: 0.05 is "5".
    if (environment.temperature !== undefined) {
      const unit = unitBySymbol('temperature', environment.temperature.unit);
      if (unit !== undefined) {
        add(node, NQ.temperature, str(decimalLexical(environment.temperature.value)));
        add(node, NQ.temperatureUnit, namedNode(`${UNIT_NS}${unit.local}`));
      }
    }
    if (environment.co2Percent !== undefined) add(node, NQ.co2Percent, str(decimalLexical(round(environment.co2Percent * 100))));
    if (environment.humidity !== undefined) add(node, NQ.humidity, str(decimalLexical(round(environment.humidity * 100))));
    addQuantity(node, NQ.airPressure, NQ.airPressureUnit, 'pressure', 'AirPressure', environment.airPressure);
  }

  const label = image.stageLabel;
  if (label !== undefined) {
    const node = settingsNode(dataset, `${options.datasetIri}/stage-label`, NQ.StageLabel, `${image.id}/StageLabel`);
    if (label.name !== undefined) add(node, RDFS.label, str(label.name));
    // NBO-Q spells a stage position's unit as a symbol (xUnits "µm"), not a unit IRI.
    for (const [quantity, value, unit] of [[label.x, NQ.x, NQ.xUnits], [label.y, NQ.y, NQ.yUnits], [label.z, NQ.z, NQ.zUnits]] as const) {
      if (quantity === undefined) continue;
      add(node, value, dec(quantity.value));
      add(node, unit, str(quantity.unit));
    }
  }

  const detectors = new Map((options.instrument?.detectors ?? []).map((d) => [d.id, d]));
  image.channels.forEach((channel, index) => {
    const base = `${options.datasetIri}/channel/${index + 1}`;
    const node = settingsNode(dataset, base, NQ.Channel, channel.id);
    // OME's rule for labelling a channel: Name, else Fluor, else EmissionWavelength, else its index.
    const emission = channel.emissionWavelength;
    add(node, RDFS.label, str(channel.name ?? channel.fluor ?? (emission === undefined ? `Channel ${index + 1}` : `${emission.value} ${emission.unit}`)));
    const illumination = illuminationTypeOf(channel);
    if (illumination !== undefined) add(node, NQ.illuminationType, str(illumination));
    const contrast = channel.contrastMethod === undefined ? undefined : CONTRAST_METHOD[channel.contrastMethod];
    if (contrast !== undefined) add(node, NQ.contrastMethod, str(contrast));
    // NBO-Q folds OME's three channel enumerations into one illumination type, which cannot always
    // say all of them (an epifluorescence confocal channel): OME's own values are kept as written.
    if (channel.illuminationType !== undefined) add(node, PX.omeIlluminationType, str(channel.illuminationType));
    if (channel.acquisitionMode !== undefined) add(node, PX.omeAcquisitionMode, str(channel.acquisitionMode));
    if (channel.samplesPerPixel !== undefined) add(node, NQ.samplesPerPixel, int(channel.samplesPerPixel));
    if (channel.color !== undefined) add(node, NQ.color, int(channel.color));
    link(node, channel.filterSetId);
    const path = channel.lightPath;
    if (path !== undefined) {
      // The order of a LightPath is the order light meets its elements, and each has a role: both
      // are kept, as one phd:LightPathElement per element (ontology/phd.ttl).
      const pathNode = settingsNode(node, `${base}/light-path`, NQ.LightPath, `${channel.id}/LightPath`);
      const elements = [
        ...path.excitationFilterIds.map((id) => [id, PX.ExcitationFilterRole] as const),
        ...(path.dichroicId === undefined ? [] : [[path.dichroicId, PX.DichroicRole] as const]),
        ...path.emissionFilterIds.map((id) => [id, PX.EmissionFilterRole] as const),
      ];
      elements.forEach(([id, role], i) => {
        const element = namedNode(`${base}/light-path/${i + 1}`);
        add(pathNode, PX.pathElement, element);
        add(element, RDF.type, namedNode(PX.LightPathElement));
        add(element, DCT.identifier, str(id));
        add(element, PX.pathPosition, int(i + 1));
        add(element, PX.pathRole, namedNode(role));
        link(element, id);
      });
    }

    if (channel.fluor !== undefined || channel.excitationWavelength !== undefined || emission !== undefined) {
      const fluor = namedNode(`${base}/fluorophore`);
      add(node, PHD.fluorophore, fluor);
      add(fluor, RDF.type, namedNode(NQ.Fluorophore));
      add(fluor, DCT.identifier, str(`${channel.id}/Fluorophore`));
      if (channel.fluor !== undefined) add(fluor, RDFS.label, str(channel.fluor));
      addQuantity(fluor, NQ.excitationWavelength, NQ.excitationWavelengthUnit, 'length', 'ExcitationWavelength', channel.excitationWavelength);
      addQuantity(fluor, NQ.emissionWavelength, NQ.emissionWavelengthUnit, 'length', 'EmissionWavelength', emission);
    }

    const light = channel.lightSourceSettings;
    if (light !== undefined) {
      const lightNode = settingsNode(node, `${base}/light-source-settings`, NQ.LightSourceSettings, `${channel.id}/LightSourceSettings`);
      link(lightNode, light.id);
      if (light.attenuation !== undefined) {
        // OME records the fraction held back; NBO-Q the power setting, which acquisition software
        // reports as a percentage of full power: 100 × (1 − attenuation).
        add(lightNode, NQ.illuminationPowerSettings, dec(round((1 - light.attenuation) * 100)));
        add(lightNode, NQ.lluminationPowerSettingsUnit, namedNode(`${UNIT_NS}PERCENT_POWER`));
      }
    }

    const detector = channel.detectorSettings;
    if (detector !== undefined) {
      const hardware = detectors.get(detector.id);
      const category = hardware === undefined ? 'generic' : detectorCategory(hardware);
      const cls = category === 'camera' ? NQ.CameraSettings : category === 'point' ? NQ.PointDetectorSettings : NQ.GenericDetectorSettings;
      const detectorNode = settingsNode(node, `${base}/detector-settings`, cls, `${channel.id}/DetectorSettings`);
      link(detectorNode, detector.id);
      if (detector.gain !== undefined) add(detectorNode, NQ.analogGain, dec(detector.gain));
      if (detector.offset !== undefined) add(detectorNode, NQ.offset, dec(detector.offset));
      const bits = image.pixels?.significantBits === undefined ? undefined : `${image.pixels.significantBits}bit`;
      if (bits !== undefined && BIT_DEPTHS.has(bits)) add(detectorNode, NQ.effectiveBitDepth, str(bits));
      if (category === 'camera') {
        if (detector.binning !== undefined && BINNING.has(detector.binning)) add(detectorNode, NQ.binning, str(detector.binning));
        addQuantity(detectorNode, NQ.pixelReadOutRate, NQ.pixelReadOutRateUnit, 'frequency', 'PixelReadOutRate', detector.readOutRate);
        if (detector.integration !== undefined) add(detectorNode, NQ.integration, int(detector.integration));
      }
      if (category === 'point') addQuantity(detectorNode, NQ.voltage, NQ.voltageUnit, 'voltage', 'Voltage', detector.voltage);
      const kept: Readonly<Record<DetectorCategory, readonly string[]>> = {
        camera: ['binning', 'readOutRate', 'integration'], point: ['voltage'], generic: [],
      };
      for (const [key, name] of [['binning', 'Binning'], ['readOutRate', 'ReadOutRate'], ['integration', 'Integration'], ['voltage', 'Voltage']] as const) {
        if (detector[key] !== undefined && !kept[category].includes(key)) {
          const kind = category === 'generic' ? 'a detector of unknown kind (generic detector settings)' : `a ${category === 'camera' ? 'camera' : 'point detector'}`;
          leftOut(`Image/Pixels/Channel/DetectorSettings@${name}`, `NBO-Q has no ${name} in the settings of ${kind}`);
        }
      }
    }
  });
  return quads;
}

// ---------------------------------------------------------------------------------------------
// Does a configuration describe an instrument?
// ---------------------------------------------------------------------------------------------
