import N3 from 'n3';
import type { Quad } from 'n3';
import { NBOQ_NS } from '../domain/index.js';
import { NBOQ, PHD, RDF } from '../domain/index.js';
import { hasConvertibleParts } from './instrument-to-configuration.js';
import type { NboqMapping } from '../domain/index.js';
import { magnificationLabel, microscopeId } from './ome-component-ids.js';
import { IMMERSION } from './ome-enumerations.js';
import { DETECTOR_SCHEMAS, detectorSchema, filterSchemas, LIGHT_SOURCE_SCHEMAS } from './ome-part-schemas.js';
import { toNm } from './ome-quantities.js';
import type { OmeInstrument } from './ome-document.js';

const { namedNode } = N3.DataFactory;

/** What {@link matchInstrument} found. */
export interface InstrumentMatch {
  /** Every OME objective, light source and detector has a counterpart in the configuration. */
  matched: boolean;
  /** OME ID → IRI of the configuration's component it matched (filters and filter sets too, where found). */
  componentIris: Map<string, string>;
  /** What the configuration lacks, one sentence each. */
  differences: string[];
}

function normaliseModel(model: string | undefined): string | undefined {
  const normal = model?.toLowerCase().replace(/[^a-z0-9]/g, '');
  return normal === '' || normal === 'na' ? undefined : normal;
}

function sameModel(a: string | undefined, b: string | undefined): boolean {
  const x = normaliseModel(a);
  const y = normaliseModel(b);
  if (x === undefined || y === undefined) return true;
  return x === y || x.includes(y) || y.includes(x);
}

/**
 * Decides whether an existing hardware configuration describes an OME Instrument: each OME
 * objective (nominal magnification, NA ± 0.005, immersion), light source (kind, and a laser's
 * wavelength in nm ± 1) and detector (kind, and model when both state one) must match a component,
 * compared on the configuration's canonical values. Filters, dichroics and filter sets are matched
 * where their model or pass band agrees, for linking only: they do not decide `matched`.
 *
 * @param instrument - the OME instrument.
 * @param configuration - the configuration IRI and its record's quads.
 * @param mapping - the NBO-Q mapping (class and property IRIs).
 * @returns whether it matched, OME ID → existing component IRI, and the differences.
 * @example
 * const { matched, componentIris } = matchInstrument(instrument, { iri, quads }, loadNboqMapping());
 */
export function matchInstrument(
  instrument: OmeInstrument,
  configuration: { iri: string; quads: readonly Quad[] },
  mapping: NboqMapping,
): InstrumentMatch {
  const store = new N3.Store([...configuration.quads]);
  const prop = (field: string) => mapping.fieldByName.get(field)?.property ?? `${NBOQ_NS}${field}`;
  const cls = (schema: string) => mapping.classBySchemaId.get(schema) ?? `${NBOQ_NS}${schema.replace(/\.json$/, '')}`;
  const canonical = (field: string) => mapping.canonicalByProperty.get(prop(field))?.property ?? `${prop(field)}_nm`;
  const values = (subject: string, property: string) => store.getObjects(namedNode(subject), namedNode(property), null).map((o) => o.value);
  const number = (subject: string, property: string) => {
    const value = Number(values(subject, property)[0]);
    return Number.isFinite(value) ? value : undefined;
  };

  const components = values(configuration.iri, PHD.hasComponent);
  const typesOf = new Map(components.map((c) => [c, new Set(values(c, RDF.type))]));
  const ofClass = (schemas: readonly string[]) => {
    const classes = new Set(schemas.map(cls));
    return components.filter((c) => [...(typesOf.get(c) ?? [])].some((t) => classes.has(t)));
  };
  const used = new Set<string>();
  const componentIris = new Map<string, string>();
  const differences: string[] = [];
  /** Prefers a component not yet matched, so two identical OME parts pair with two configured ones. */
  const pick = (omeId: string, candidates: string[]): boolean => {
    const chosen = candidates.find((c) => !used.has(c)) ?? candidates[0];
    if (chosen === undefined) return false;
    used.add(chosen);
    componentIris.set(omeId, chosen);
    return true;
  };
  const where = `configuration ${configuration.iri}`;

  for (const objective of instrument.objectives) {
    const immersion = objective.immersion === undefined ? undefined : IMMERSION[objective.immersion];
    const candidates = ofClass(['Objective.json']).filter((c) => {
      const magnification = number(c, prop('Magnification'));
      const na = number(c, prop('LensNA'));
      const configured = values(c, prop('ImmersionType'))[0];
      return (objective.nominalMagnification === undefined || (magnification !== undefined && Math.abs(magnification - objective.nominalMagnification) < 1e-6))
        && (objective.lensNA === undefined || (na !== undefined && Math.abs(na - objective.lensNA) <= 0.005))
        && (immersion === undefined || configured === undefined || configured === immersion);
    });
    if (!pick(objective.id, candidates)) differences.push(`objective ${magnificationLabel(objective) ?? objective.model ?? objective.id} (${objective.id}) not in ${where}`);
  }

  for (const source of instrument.lightSources) {
    const wavelength = toNm(source.wavelength);
    const peaks = (c: string) => [prop('IlluminationWavelengthRange'), prop('LEDModule')]
      .flatMap((p) => values(c, p))
      .flatMap((range) => values(range, canonical('PeakWavelength')).map(Number));
    const candidates = ofClass(LIGHT_SOURCE_SCHEMAS[source.kind]).filter((c) =>
      (wavelength === undefined || peaks(c).some((nm) => Math.abs(nm - wavelength) <= 1)) && sameModel(source.model, values(c, prop('Model'))[0]));
    if (!pick(source.id, candidates)) {
      const label = `${source.kind}${wavelength === undefined ? '' : ` ${wavelength} nm`}${source.model === undefined ? '' : ` "${source.model}"`}`;
      differences.push(`light source ${label} (${source.id}) not in ${where}`);
    }
  }

  for (const detector of instrument.detectors) {
    const { schema } = detectorSchema(detector);
    // A detector OME could not type matches any detector of the configuration, by model.
    const candidates = ofClass(schema === 'GenericDetector.json' ? DETECTOR_SCHEMAS : [schema])
      .filter((c) => sameModel(detector.model, values(c, prop('Model'))[0]));
    if (!pick(detector.id, candidates)) {
      differences.push(`detector ${schema.replace(/\.json$/, '')}${detector.model === undefined ? '' : ` "${detector.model}"`} (${detector.id}) not in ${where}`);
    }
  }

  // The stand, filters, dichroics and filter sets: linked when they agree, for datasets to refer to.
  // They decide the match only for an instrument that lists no objective, light source or detector
  // (a header naming just the stand, say): then each of them that states something to compare by
  // (the stand always; a filter its model or pass band; a dichroic or set its model) must be found.
  const unmatchedOthers: string[] = [];
  const microscope = instrument.microscope;
  if (microscope !== undefined) {
    const stands = ['UprightMicroscopeStand.json', 'InvertedMicroscopeStand.json']
      .filter((s) => microscope.type === undefined || (s === 'InvertedMicroscopeStand.json') === (microscope.type === 'Inverted'));
    // A stand of unspecified kind (nboq:MicroscopeStand) is what an OME Microscope without Upright or Inverted becomes.
    const generic = microscope.type === 'Upright' || microscope.type === 'Inverted'
      ? [] : components.filter((c) => typesOf.get(c)?.has(NBOQ.MicroscopeStand) === true);
    if (!pick(microscopeId(instrument), [...ofClass(stands), ...generic].filter((c) => sameModel(microscope.model, values(c, prop('Model'))[0])))) {
      unmatchedOthers.push(`microscope stand${microscope.model === undefined ? '' : ` "${microscope.model}"`} not in ${where}`);
    }
  }
  const schemas = filterSchemas(instrument);
  const filterLike = ['ExcitationFilter.json', 'EmissionFilter.json', 'GenericFilter.json', 'NeutralDensityFilter.json'];
  for (const filter of instrument.filters) {
    const dichroic = schemas.get(filter.id) === 'StandardDichroic.json';
    const cutIn = toNm(filter.transmittanceRange?.cutIn);
    const cutOut = toNm(filter.transmittanceRange?.cutOut);
    const band = (c: string) => cutIn !== undefined && cutOut !== undefined && values(c, prop('TransmittanceRange')).some((r) => {
      const centre = Number(values(r, canonical('Wavelength'))[0]);
      const width = Number(values(r, canonical('FWHMBandwidth'))[0]);
      return Math.abs(centre - (cutIn + cutOut) / 2) <= 2 && Math.abs(width - (cutOut - cutIn)) <= 2;
    });
    const model = (c: string) => normaliseModel(filter.model) !== undefined && normaliseModel(filter.model) === normaliseModel(values(c, prop('Model'))[0]);
    const candidates = ofClass(dichroic ? ['StandardDichroic.json', 'GenericDichroic.json'] : filterLike)
      .filter((c) => model(c) || (band(c) && sameModel(filter.model, values(c, prop('Model'))[0])));
    const comparable = normaliseModel(filter.model) !== undefined || (cutIn !== undefined && cutOut !== undefined);
    if (!pick(filter.id, candidates) && comparable) unmatchedOthers.push(`filter ${filter.model ?? filter.id} (${filter.id}) not in ${where}`);
  }
  for (const part of [...instrument.dichroics, ...instrument.filterSets]) {
    const isSet = instrument.filterSets.some((s) => s.id === part.id);
    const candidates = ofClass(isSet ? ['FilterCube.json'] : ['StandardDichroic.json', 'GenericDichroic.json'])
      .filter((c) => normaliseModel(part.model) !== undefined && normaliseModel(part.model) === normaliseModel(values(c, prop('Model'))[0]));
    if (!pick(part.id, candidates) && normaliseModel(part.model) !== undefined) {
      unmatchedOthers.push(`${isSet ? 'filter set' : 'dichroic'} ${part.model ?? part.id} (${part.id}) not in ${where}`);
    }
  }

  const compared = instrument.objectives.length + instrument.lightSources.length + instrument.detectors.length;
  if (compared === 0) {
    if (!hasConvertibleParts(instrument)) differences.push(`the OME instrument ${instrument.id} lists no part to compare with ${where}`);
    differences.push(...unmatchedOthers);
  }
  return { matched: differences.length === 0, componentIris, differences };
}
