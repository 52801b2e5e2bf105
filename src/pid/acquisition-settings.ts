import N3 from 'n3';
import { NBOQ_NS, vocabulary } from '../domain/index.js';
import { humanize } from '../domain/index.js';
import { plainNumber } from '../domain/index.js';
import { DCTERMS, PHD, RDF, RDFS } from '../domain/index.js';
import { pidFromIri } from '../domain/index.js';
import { componentAnchor } from './landing-view.js';
import type { AcquisitionSettings, AppliedSettings, ChannelSettings, UsedComponent } from './landing-view.js';
import { classLabelOf, labelOf, localName, unitOf, unitText } from './record-labels.js';
import type { ParsedRecord } from './record-resolver.js';

/** NBO-Q terms of a dataset's acquisition settings, as the OME-XML importer writes them. */
const NQ = vocabulary(NBOQ_NS, [
  'Channel', 'ObjectiveSettings', 'LightSourceSettings', 'CameraSettings', 'PointDetectorSettings', 'GenericDetectorSettings',
  'illuminationType', 'contrastMethod', 'excitationWavelength', 'emissionWavelength',
] as const);
const DETECTOR_SETTINGS: ReadonlySet<string> = new Set([NQ.CameraSettings, NQ.PointDetectorSettings, NQ.GenericDetectorSettings]);
/** Bookkeeping of a settings node, not a setting: never shown as a value. */
const NOT_SETTINGS: ReadonlySet<string> = new Set([RDF.type, RDFS.label, DCTERMS.identifier]);

/** What {@link acquisitionSettings} reads besides the dataset's graph. */
export interface AcquisitionContext {
  /** A live record with its graph parsed (the configurations holding the components used). */
  readonly parsed: (iri: string) => Promise<ParsedRecord | undefined>;
  /** The local path of a record. */
  readonly hrefOf: (iri: string) => string;
}

/**
 * A dataset's acquisition settings (see imageToDataset in the OME-XML importer): the objective
 * settings and the channels it `phd:hasSettings`, each channel with its fluorophore, light-source
 * and detector settings, and every component a setting `phd:usesComponent` resolved to its row on
 * the landing page of the configuration that holds it.
 * @param store - the dataset's graph.
 * @param dataset - the dataset IRI.
 * @param configuration - the configuration it was acquired with (where its components are looked up first).
 * @param context - how other records are read and linked.
 * @returns the settings, or undefined when the dataset records none.
 */
export async function acquisitionSettings(store: N3.Store, dataset: string, configuration: string | undefined, context: AcquisitionContext): Promise<AcquisitionSettings | undefined> {
  const { namedNode } = N3.DataFactory;
  const objectsOf = (subject: string, predicate: string) => store.getObjects(namedNode(subject), namedNode(predicate), null);
  const isA = (subject: string, cls: string) => store.has(N3.DataFactory.quad(namedNode(subject), namedNode(RDF.type), namedNode(cls)));
  const settings = objectsOf(dataset, PHD.hasSettings).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
  if (settings.length === 0) return undefined;

  // Parse each configuration once: a dataset's settings mostly use components of one configuration.
  const configurations = new Map<string, Promise<ParsedRecord | undefined>>();
  const configurationOf = (iri: string) => {
    let parsed = configurations.get(iri);
    if (parsed === undefined) {
      parsed = context.parsed(iri);
      configurations.set(iri, parsed);
    }
    return parsed;
  };
  const component = async (iri: string): Promise<UsedComponent> => {
    // The acquisition's configuration first; else the one the IRI names (`{configuration}/component/…`).
    const owner = iri.includes('/component/') ? iri.slice(0, iri.lastIndexOf('/component/')) : undefined;
    for (const candidate of [configuration, owner]) {
      if (candidate === undefined) continue;
      const parsed = await configurationOf(candidate);
      const node = namedNode(iri);
      if (parsed === undefined || parsed.record.kind !== 'configuration' || !parsed.store.has(N3.DataFactory.quad(namedNode(candidate), namedNode(PHD.hasComponent), node))) continue;
      const cls = parsed.store.getObjects(node, namedNode(RDF.type), null).map((t) => t.value).find((t) => t.startsWith(NBOQ_NS));
      return {
        iri,
        label: labelOf(parsed.store, iri),
        classLabel: cls === undefined ? undefined : classLabelOf(cls),
        href: `${context.hrefOf(candidate)}#${componentAnchor(iri, candidate)}`,
      };
    }
    return { iri, label: pidFromIri(iri)?.curie ?? iri, classLabel: undefined, href: undefined };
  };
  const components = async (subject: string) => Promise.all(objectsOf(subject, PHD.usesComponent).map((t) => component(t.value)));
  /** The literal values set on a node, labelled and with their units; canonical copies (`_nm`) left out. */
  const values = (subject: string) => {
    const quads = store.getQuads(namedNode(subject), null, null, null);
    return quads
      .filter((q) => q.object.termType === 'Literal' && !NOT_SETTINGS.has(q.predicate.value) && !/_[a-zA-Z]+$/.test(localName(q.predicate.value)))
      .map((q) => {
        const unit = unitOf(quads, q.predicate.value);
        return { name: humanize(localName(q.predicate.value)), value: unit === undefined ? q.object.value : `${q.object.value} ${unitText(unit)}` };
      });
  };
  const applied = async (subject: string): Promise<AppliedSettings> => ({ components: await components(subject), values: values(subject) });
  /** A wavelength in nm from its canonical value, else as recorded with its unit. */
  const wavelength = (subject: string | undefined, property: string) => {
    if (subject === undefined) return undefined;
    const nm = objectsOf(subject, `${property}_nm`)[0]?.value;
    if (nm !== undefined) return `${plainNumber(nm)} nm`;
    const value = objectsOf(subject, property)[0]?.value;
    if (value === undefined) return undefined;
    const unit = unitOf(store.getQuads(namedNode(subject), null, null, null), property);
    return unit === undefined ? value : `${value} ${unitText(unit)}`;
  };
  const literal = (subject: string, property: string) => objectsOf(subject, property).find((t) => t.termType === 'Literal')?.value;

  const objectiveIri = settings.find((iri) => isA(iri, NQ.ObjectiveSettings));
  const channels = await Promise.all(settings.filter((iri) => isA(iri, NQ.Channel)).map(async (iri): Promise<ChannelSettings> => {
    const own = objectsOf(iri, PHD.hasSettings).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
    const fluorophore = objectsOf(iri, PHD.fluorophore).find((t) => t.termType === 'NamedNode')?.value;
    const number = /\/channel\/(\d+)$/.exec(iri)?.[1];
    return {
      iri,
      number: number === undefined ? undefined : Number(number),
      name: labelOf(store, iri),
      fluorophore: fluorophore === undefined ? undefined : literal(fluorophore, RDFS.label),
      excitation: wavelength(fluorophore, NQ.excitationWavelength),
      emission: wavelength(fluorophore, NQ.emissionWavelength),
      lightSources: await Promise.all(own.filter((s) => isA(s, NQ.LightSourceSettings)).map(applied)),
      detectors: await Promise.all(own.filter((s) => [...DETECTOR_SETTINGS].some((cls) => isA(s, cls))).map(applied)),
      lightPath: await components(iri),
      illuminationType: literal(iri, NQ.illuminationType),
      contrastMethod: literal(iri, NQ.contrastMethod),
    };
  }));
  // Channel n before n + 1 (not 10 before 2); channels without a number after, by name.
  channels.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.name.localeCompare(b.name));
  const objective = objectiveIri === undefined ? undefined : await applied(objectiveIri);
  if (objective === undefined && channels.length === 0) return undefined;
  return { objective, channels };
}
