import N3 from 'n3';
import { convertMicrometa } from './micrometa-converter.js';
import type { ConvertOptions, MicrometaConversion } from './micrometa-converter.js';
import type { JsonObject, JsonValue } from '../domain/index.js';
import type { NboqMapping } from '../domain/index.js';
import type { NotMapped } from './not-mapped.js';
import { magnificationLabel, microscopeId, omeComponentIds } from './ome-component-ids.js';
import { PX } from './ome-converter-terms.js';
import { ARC_TYPE, CORRECTIONS, FILAMENT_TYPE, FILTER_TYPE, IMMERSION, LASER_MEDIA, LASER_TYPE, PULSED, STAND_TYPE } from './ome-enumerations.js';
import { detectorSchema, filterSchemas, lightSourceSchema } from './ome-part-schemas.js';
import { round, toNm } from './ome-quantities.js';
import type { OmeFilter, OmeInstrument } from './ome-document.js';
import { DCTERMS, NBOQ, RDF } from '../domain/index.js';

// OME-XML Instrument → NBO-Q. An OME Instrument becomes a hardware configuration by way of a
// Micro-Meta-App-like object handed to convertMicrometa, so units, canonical values and component IRIs
// follow the one code path the Micro-Meta App importer uses. Images become datasets in
// image-to-dataset.ts; match-instrument.ts finds the stored configuration an instrument belongs to.

/**
 * The tier an OME-XML instrument declares: 0, a partial description. An OME-XML header does not
 * record facts every NBO-Q tier requires (catalogue numbers, coatings, DIC…), and none are
 * invented; its values are still validated (see RecordValidator).
 */
export const PARTIAL_TIER = 0;

const { namedNode, literal, quad } = N3.DataFactory;

/** What {@link instrumentToConfiguration} returns: the conversion, and the values it left out for what they are. */
export interface OmeConversion extends MicrometaConversion {
  /** Values left out for what they state (path in the Instrument, `@` before an attribute), with the reason. */
  readonly notMapped: NotMapped[];
}

/** The OME reference element of a filter-set role, for paths. */
const REF_OF_ROLE: Readonly<Record<string, string>> = {
  'excitation filter': 'ExcitationFilterRef', 'emission filter': 'EmissionFilterRef', dichroic: 'DichroicRef',
};

/** A display name where OME has none: the model, else a description from the facts, else the ID. */
function nameOf(spec: { model?: string; manufacturer?: string }, kind: string, id: string, fromFacts?: string): string {
  return spec.model ?? fromFacts ?? (spec.manufacturer === undefined ? `${kind} ${id}` : `${spec.manufacturer} ${kind}`);
}

function definedEntries(object: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Converts an OME Instrument into one hardware-configuration record, declared tier 0 (see
 * {@link PARTIAL_TIER}), with its stand, light sources, detectors, objectives, filters, dichroics and
 * filter sets as NBO-Q components named `{configuration}/component/{safe OME ID}` (see
 * {@link omeComponentIds}); each keeps its OME ID as `dcterms:identifier`. The work is done by
 * {@link convertMicrometa} on an equivalent Micro-Meta App object, so units and canonical values are
 * handled exactly as for Micro-Meta App files.
 *
 * Facts OME does not record (catalogue numbers, coatings, infinity correction …) are left out, which
 * tier 0 allows (tier-1 validation would report them). OME attributes NBO-Q has no field for are
 * listed by the parser's walk (OmeDocument.notMapped, see OME_MAPPING); values this converter cannot
 * place for what they are (a pass band with one edge, say) are in the warnings. A filter set with
 * several filters in a role links them with phd:excitationFilter / phd:emissionFilter, NBO-Q's
 * FilterCube taking one; a stand OME does not call upright or inverted is a nboq:MicroscopeStand.
 * An instrument with no part at all (see {@link hasConvertibleParts}) would give a
 * record with no component, which no tier accepts: the importer does not convert one.
 *
 * @param instrument - the OME instrument.
 * @param mapping - the NBO-Q mapping.
 * @param options - IRIs and dates of the record.
 * @returns the quads, warnings, name and tier.
 * @example
 * const doc = parseOmeXml(xml, 'a.ome.xml');
 * const config = instrumentToConfiguration(doc.instruments[0]!, loadNboqMapping(), {
 *   configurationIri: 'https://example.org/id/configuration/sp8-v1', instanceIri: 'https://doi.org/10.5072/sp8', validFrom: '2024-01-01',
 * });
 */
export function instrumentToConfiguration(instrument: OmeInstrument, mapping: NboqMapping, options: ConvertOptions): OmeConversion {
  const warnings: string[] = [];
  const notMapped: NotMapped[] = [];
  /** A value left out for what it is: warned about, and listed with its path in the Instrument. */
  const drop = (path: string, warning: string, reason: string) => {
    warnings.push(warning);
    notMapped.push({ path: `Instrument/${path}`, reason });
  };
  /** `Laser LightSource:0` → `Laser`: the OME element a `where` names. */
  const element = (where: string) => where.split(' ')[0] ?? where;
  const ids = omeComponentIds(instrument);
  const safe = (omeId: string) => ids.get(omeId) ?? omeId;
  // A component's SerialNumber is not mapped: OME_MAPPING (ome-mapping.ts) says so for every occurrence.
  const spec = (c: { manufacturer?: string; model?: string; lotNumber?: string }) =>
    definedEntries({ Manufacturer: c.manufacturer, Model: c.model, LotNumber: c.lotNumber });
  const mapped = (table: Readonly<Record<string, string>>, value: string | undefined, where: string, field: string): string | undefined => {
    if (value === undefined) return undefined;
    const result = table[value];
    if (result === undefined) drop(`${element(where)}@${field}`, `${where}: ${field} "${value}" has no NBO-Q counterpart; left out`, `the value "${value}" has no NBO-Q counterpart`);
    return result;
  };
  const allowed = (values: ReadonlySet<string>, value: string | undefined, where: string, field: string): string | undefined => {
    if (value === undefined || values.has(value)) return value;
    drop(`${element(where)}@${field}`, `${where}: ${field} "${value}" is not an NBO-Q value; left out`, `the value "${value}" is not an NBO-Q value`);
    return undefined;
  };

  const components: JsonObject[] = [];

  let stand: JsonObject | undefined;
  let genericStand = false;
  const microscope = instrument.microscope;
  if (microscope !== undefined) {
    const where = `Microscope of ${instrument.id}`;
    // NBO-Q has separate upright and inverted stands. A stand OME does not call either (no Type, or
    // Dissection, Electrophysiology, Other) is not written as one: it becomes NBO-Q's common
    // superclass nboq:MicroscopeStand (below), its Type kept where OME gave one.
    const inverted = microscope.type === 'Inverted';
    if (microscope.type !== 'Upright' && !inverted) {
      genericStand = true;
      warnings.push(`${where}: ${microscope.type === undefined ? 'no Type' : `Type ${microscope.type}`} does not say upright or inverted; recorded as a microscope stand of unspecified kind (nboq:MicroscopeStand)`);
    }
    stand = definedEntries({
      Schema_ID: inverted ? 'InvertedMicroscopeStand.json' : 'UprightMicroscopeStand.json',
      ID: safe(microscopeId(instrument)),
      Name: nameOf(microscope, 'microscope stand', instrument.id),
      Type: mapped(STAND_TYPE, microscope.type, where, 'Type'),
      ...spec(microscope),
    });
  }

  for (const source of instrument.lightSources) {
    const where = `${source.kind} ${source.id}`;
    const range = definedEntries({
      PeakWavelength: source.wavelength?.value,
      PeakWavelengthUnit: source.wavelength?.unit,
      IlluminationPower: source.power?.value,
      IlluminationPowerUnit: source.power?.unit,
    });
    const base: JsonObject = {
      Schema_ID: lightSourceSchema(source),
      ID: safe(source.id),
      Name: nameOf(source, source.kind === 'LightEmittingDiode' ? 'LED' : source.kind.toLowerCase(), source.id,
        source.wavelength === undefined ? undefined : `${source.wavelength.value} ${source.wavelength.unit} ${source.kind.toLowerCase()}`),
      ...spec(source),
    };
    if (source.kind === 'Laser') {
      const pulse = source.pulse === undefined ? undefined : PULSED[source.pulse];
      if (source.pulse !== undefined && pulse === undefined) drop('Laser@Pulse', `${where}: Pulse "${source.pulse}" does not say pulsed or not; left out`, `"${source.pulse}" does not say whether the laser is pulsed (NBO-Q's Pulse is true or false)`);
      const pump = source.pumpId === undefined ? undefined : instrument.lightSources.find((s) => s.id === source.pumpId && s.kind === 'Laser');
      if (source.pumpId !== undefined && pump === undefined) drop('Laser/Pump', `${where}: Pump ${source.pumpId} is not a laser of this instrument; link left out`, `${source.pumpId} is not a laser of this instrument (NBO-Q pumps are lasers)`);
      Object.assign(base, definedEntries({
        Type: mapped(LASER_TYPE, source.type, where, 'Type'),
        LaserMedium: allowed(LASER_MEDIA, source.laserMedium, where, 'LaserMedium'),
        Tuneable: source.tuneable,
        Pulse: pulse,
        RepetitionRate: source.repetitionRate?.value,
        RepetitionRateUnit: source.repetitionRate === undefined ? undefined : source.repetitionRate.unit,
        FrequencyMultiplication: source.frequencyMultiplication,
        Pump: pump === undefined ? undefined : safe(pump.id),
        IsPumped: pump === undefined ? undefined : true,
        IsPump: instrument.lightSources.some((s) => s.pumpId === source.id) ? true : undefined,
      }));
    } else if (source.kind === 'Arc') {
      Object.assign(base, definedEntries({ Type: mapped(ARC_TYPE, source.type, where, 'Type') }));
    } else if (source.kind === 'Filament') {
      Object.assign(base, definedEntries({ Type: mapped(FILAMENT_TYPE, source.type, where, 'Type') }));
    } else if (source.kind === 'GenericExcitationSource' && source.map !== undefined) {
      base.Description = source.map.map(([k, v]) => `${k}: ${v}`).join('; ');
    }
    // NBO-Q keeps a source's power (and a laser's wavelength) in a nested wavelength range or LED module.
    if (Object.keys(range).length > 0) {
      if (source.kind === 'LightEmittingDiode') base.LEDModule = [range];
      else base.IlluminationWavelengthRange = [range];
    }
    components.push(base);
  }

  for (const detector of instrument.detectors) {
    const { schema, implied, note } = detectorSchema(detector);
    if (note !== undefined) warnings.push(note);
    components.push({
      Schema_ID: schema,
      ID: safe(detector.id),
      Name: nameOf(detector, detector.type ?? 'detector', detector.id),
      ...spec(detector),
      ...implied,
    });
  }

  for (const objective of instrument.objectives) {
    const where = `Objective ${objective.id}`;
    components.push(definedEntries({
      Schema_ID: 'Objective.json',
      ID: safe(objective.id),
      Name: nameOf(objective, 'objective', objective.id, magnificationLabel(objective)),
      ...spec(objective),
      Magnification: objective.nominalMagnification,
      CalibratedMagnification: objective.calibratedMagnification,
      LensNA: objective.lensNA,
      Correction: allowed(CORRECTIONS, objective.correction, where, 'Correction'),
      ImmersionType: mapped(IMMERSION, objective.immersion, where, 'Immersion'),
      DippingMedium: objective.immersion === 'WaterDipping' ? 'Water-based' : undefined,
      WorkingDistance: objective.workingDistance?.value,
      WorkingDistanceUnit: objective.workingDistance === undefined ? undefined : objective.workingDistance.unit,
      Iris: objective.iris,
    }));
  }

  const schemas = filterSchemas(instrument);
  for (const filter of instrument.filters) components.push(filterComponent(filter, schemas.get(filter.id) ?? 'GenericFilter.json', safe(filter.id), spec, drop));
  for (const dichroic of instrument.dichroics) {
    components.push({ Schema_ID: 'StandardDichroic.json', ID: safe(dichroic.id), Name: nameOf(dichroic, 'dichroic', dichroic.id), ...spec(dichroic) });
  }

  // NBO-Q's FilterSet is an acquisition setting, not a component (a configuration's parts must be
  // phd:Component); the hardware an OME FilterSet describes is what NBO-Q calls a filter cube. NBO-Q's
  // cube holds one filter per role; OME allows several: a role with several filters is linked with
  // phd:excitationFilter / phd:emissionFilter (ontology/phd.ttl), written below, and none is dropped.
  const manyFilters: { cube: string; property: string; filter: string }[] = [];
  for (const set of instrument.filterSets) {
    const where = `FilterSet ${set.id}`;
    const links = (filterIds: readonly string[], schema: string, role: string) => filterIds.flatMap((id) => {
      if (schemas.get(id) === schema) return [safe(id)];
      const why = schemas.has(id) ? `recorded as ${schemas.get(id) ?? ''}` : 'not in the instrument';
      drop(`FilterSet/${REF_OF_ROLE[role] ?? role}`, `${where}: ${role} ${id} is ${why}; link left out`, `${id} is ${why}, so NBO-Q's ${role} link cannot name it`);
      return [];
    });
    const known = (filterIds: readonly string[], role: string) => filterIds.filter((id) => {
      if (schemas.has(id)) return true;
      drop(`FilterSet/${REF_OF_ROLE[role] ?? role}`, `${where}: ${role} ${id} is not in the instrument; link left out`, `${id} is not in the instrument`);
      return false;
    });
    const single = (filterIds: readonly string[], schema: string, role: string, property: string): string[] | undefined => {
      if (filterIds.length === 1) {
        const linked = links(filterIds, schema, role);
        return linked.length > 0 ? linked : undefined;
      }
      for (const id of known(filterIds, role)) manyFilters.push({ cube: safe(set.id), property, filter: safe(id) });
      return undefined;
    };
    const excitation = single(set.excitationFilterIds, 'ExcitationFilter.json', 'excitation filter', PX.excitationFilter);
    const emission = single(set.emissionFilterIds, 'EmissionFilter.json', 'emission filter', PX.emissionFilter);
    const dichroic = set.dichroicId === undefined ? [] : links([set.dichroicId], 'StandardDichroic.json', 'dichroic');
    components.push(definedEntries({
      Schema_ID: 'FilterCube.json',
      ID: safe(set.id),
      Name: nameOf(set, 'filter set', set.id),
      ...spec(set),
      ExcitationFilter: excitation,
      StandardDichroic: dichroic.length > 0 ? dichroic : undefined,
      EmissionFilter: emission,
    }));
  }

  const name = [microscope?.manufacturer, microscope?.model].filter((s) => s !== undefined).join(' ') || `OME instrument ${instrument.id}`;
  const file: JsonObject = { Name: name, ID: instrument.id, Tier: PARTIAL_TIER, components, ...(stand === undefined ? {} : { MicroscopeStand: stand }) };
  const conversion = convertMicrometa(file, mapping, options);

  // convertMicrometa names and identifies a component by the one ID it is given; restore the OME ID
  // as the identifier, which is what ties the part to its OME description and across versions.
  const original = new Map<string, string>();
  for (const [omeId, safeId] of ids) original.set(`${options.configurationIri}/component/${safeId}`, omeId);
  const quads = conversion.quads.map((q) => {
    const omeId = q.predicate.value === DCTERMS.identifier ? original.get(q.subject.value) : undefined;
    return omeId === undefined ? q : quad(q.subject, q.predicate, literal(omeId), q.graph);
  });
  const component = (safeId: string) => namedNode(`${options.configurationIri}/component/${safeId}`);
  for (const { cube, property, filter } of manyFilters) quads.push(quad(component(cube), namedNode(property), component(filter)));
  if (genericStand) {
    // Converted as an upright stand for its fields, then typed with the class that claims no orientation.
    const standIri = component(safe(microscopeId(instrument))).value;
    const upright = mapping.classBySchemaId.get('UprightMicroscopeStand.json') ?? NBOQ.UprightMicroscopeStand;
    const typed = quads.map((q) => (q.subject.value === standIri && q.predicate.value === RDF.type && q.object.value === upright
      ? quad(q.subject, q.predicate, namedNode(NBOQ.MicroscopeStand), q.graph) : q));
    return { ...conversion, quads: typed, warnings: [...warnings, ...conversion.warnings], notMapped };
  }
  return { ...conversion, quads, warnings: [...warnings, ...conversion.warnings], notMapped };
}

function filterComponent(
  filter: OmeFilter,
  schema: string,
  id: string,
  spec: (c: OmeFilter) => JsonObject,
  drop: (path: string, warning: string, reason: string) => void,
): JsonObject {
  const where = `Filter ${filter.id}`;
  const type = filter.type === undefined || filter.type === 'Dichroic' || filter.type === 'NeutralDensity' ? undefined : FILTER_TYPE[filter.type];
  if (filter.type !== undefined && type === undefined && filter.type !== 'Dichroic' && filter.type !== 'NeutralDensity') {
    drop('Filter@Type', `${where}: Type "${filter.type}" has no NBO-Q counterpart; left out`, `the value "${filter.type}" has no NBO-Q counterpart`);
  }
  const range = filter.transmittanceRange;
  let transmittance: JsonObject[] | undefined;
  const cutIn = toNm(range?.cutIn);
  const cutOut = toNm(range?.cutOut);
  if (cutIn !== undefined && cutOut !== undefined && cutOut > cutIn) {
    // NBO-Q describes a pass band by its centre and full width at half maximum; OME by the 50 %
    // transmittance edges, which bound the same band.
    transmittance = [definedEntries({
      Wavelength: round((cutIn + cutOut) / 2),
      FWHMBandwidth: round(cutOut - cutIn),
      WavelengthUnit: 'nm',
      Transmittance: range?.transmittance,
    })];
  } else if (cutIn !== undefined && cutOut !== undefined) {
    drop('Filter/TransmittanceRange', `${where}: CutIn ${cutIn} nm is not below CutOut ${cutOut} nm, so there is no pass band to write as NBO-Q centre and bandwidth; TransmittanceRange left out`, 'CutIn is not below CutOut: no pass band to write as NBO-Q centre and bandwidth');
  } else if (range !== undefined && (range.cutIn !== undefined || range.cutOut !== undefined)) {
    drop('Filter/TransmittanceRange', `${where}: a band with only a ${range.cutIn === undefined ? 'CutOut' : 'CutIn'} edge cannot be written as NBO-Q centre and bandwidth; TransmittanceRange left out`, `a band with only a ${range.cutIn === undefined ? 'CutOut' : 'CutIn'} edge cannot be written as NBO-Q centre and bandwidth`);
  }
  return definedEntries({
    Schema_ID: schema,
    ID: id,
    Name: nameOf(filter, 'filter', filter.id),
    ...spec(filter),
    Type: type,
    TransmittanceRange: transmittance,
  });
}

/**
 * Whether an instrument names any part a configuration could hold: a stand, light source,
 * detector, objective, filter, dichroic or filter set. Bio-Formats writes an empty
 * `<Instrument ID="Instrument:0"/>` for many formats; such an element describes no hardware.
 * @param instrument - the OME instrument.
 * @returns true when {@link instrumentToConfiguration} would write at least one component.
 */
export function hasConvertibleParts(instrument: OmeInstrument): boolean {
  return instrument.microscope !== undefined || instrument.lightSources.length > 0 || instrument.detectors.length > 0
    || instrument.objectives.length > 0 || instrument.filters.length > 0 || instrument.dichroics.length > 0 || instrument.filterSets.length > 0;
}
