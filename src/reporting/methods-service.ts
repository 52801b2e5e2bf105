import N3 from 'n3';
import { methodsHref, PHD, pidFromIri, PREFIXES, RDFS } from '../domain/index.js';
import { GoneError, NotFoundError } from '../errors/index.js';
import { componentAnchor } from '../pid/index.js';
import type { PidService } from '../pid/index.js';
import type { StoredRecord } from '../store/index.js';
import { buildMethodsView } from './build-methods-view.js';
import type { MethodsOntology } from './methods-ontology.js';
import { shippedMethodsOntology } from './methods-ontology.js';
import type { MethodsInput, NamedRecord } from './methods-text.js';
import type { MethodsCitation, MethodsView } from './methods-view.js';

/** The record kinds that have a methods text. */
export const METHODS_KINDS = ['configuration', 'dataset'] as const;

const SCHEMA_NAME = `${PREFIXES.schema}name`;

/** Reads the records a methods text is written from (record, configuration, instance, model and its manufacturer, facility) through the PID service. */
export class MethodsService {
  private readonly pids: PidService;
  private readonly ontology: () => MethodsOntology;

  /**
   * @param pids - the PID service (records, their links and landing views).
   * @param ontology - the ontology to read the M&M marking from (default: the shipped one, read once).
   */
  public constructor(pids: PidService, ontology: () => MethodsOntology = shippedMethodsOntology) {
    this.pids = pids;
    this.ontology = ontology;
  }

  /**
   * The methods view of a live configuration or dataset.
   * @param record - the record (see PidService.get).
   * @returns the view; throws NotFoundError for other kinds of record.
   */
  public async methods(record: StoredRecord): Promise<MethodsView> {
    if (record.kind !== 'configuration' && record.kind !== 'dataset') {
      throw new NotFoundError(
        `Methods texts are written for datasets and hardware configurations, and ${record.iri} is a ${record.kind} record. Open /pid/{configuration or dataset}/methods instead.`,
        { details: { iri: record.iri, kind: record.kind, methodsKinds: METHODS_KINDS } },
      );
    }
    const href = this.pids.hrefOf(record.iri);
    const view = await this.pids.landingView(record, href);
    const { chain } = view;
    const configurationIri = record.kind === 'configuration' ? record.iri : chain.current?.iri;
    const configurationQuads = configurationIri === undefined ? undefined : (await this.pids.configurationQuads(configurationIri)).quads;
    const configurationStore = new N3.Store(configurationQuads ?? []);
    const components = configurationIri === undefined ? new Set<string>() : new Set(configurationStore.getObjects(N3.DataFactory.namedNode(configurationIri), N3.DataFactory.namedNode(PHD.hasComponent), null).map((t) => t.value));
    const citationOf = (iri: string): MethodsCitation => {
      const label = pidFromIri(iri)?.curie ?? iri;
      if (configurationIri !== undefined && components.has(iri)) return { iri, label, href: `${this.pids.hrefOf(configurationIri)}#${componentAnchor(iri, configurationIri)}` };
      return { iri, label, href: this.pids.hrefOf(iri) };
    };
    const named = (resource: { iri: string; label: string } | undefined): NamedRecord | undefined => (resource === undefined ? undefined : { iri: resource.iri, label: resource.label });
    const model = named(chain.model);
    const input: MethodsInput = {
      iri: record.iri,
      kind: record.kind,
      title: view.title,
      configuration: configurationIri === undefined || configurationQuads === undefined ? undefined : {
        iri: configurationIri,
        label: (record.kind === 'configuration' ? view.title : chain.current?.label) ?? configurationIri,
        validFrom: configurationStore.getObjects(N3.DataFactory.namedNode(configurationIri), N3.DataFactory.namedNode(PHD.validFrom), null)[0]?.value,
        quads: configurationQuads,
      },
      ...(record.kind === 'dataset' ? { dataset: { quads: new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples), acquisition: view.acquisition } } : {}),
      instance: named(chain.instance),
      model: model === undefined ? undefined : { ...model, manufacturer: await this.manufacturerOf(model.iri) },
      facility: named(chain.facility),
      citationOf,
    };
    return buildMethodsView(input, this.ontology(), { href, methodsHref: methodsHref(href) });
  }

  /** The name of a model's manufacturer (its organization record), or undefined when the model record names none. */
  private async manufacturerOf(model: string): Promise<string | undefined> {
    const graph = await this.graphOf(model);
    const manufacturer = graph?.getObjects(N3.DataFactory.namedNode(model), N3.DataFactory.namedNode(PHD.manufacturer), null)[0];
    if (manufacturer === undefined) return undefined;
    if (manufacturer.termType === 'Literal') return manufacturer.value;
    const organization = await this.graphOf(manufacturer.value);
    const node = N3.DataFactory.namedNode(manufacturer.value);
    const name = [SCHEMA_NAME, RDFS.label].map((p) => organization?.getObjects(node, N3.DataFactory.namedNode(p), null)[0]?.value).find((v) => v !== undefined);
    return name ?? pidFromIri(manufacturer.value)?.curie ?? manufacturer.value;
  }

  /** A live record's graph, or undefined when there is no such record (a link to an unknown IRI). */
  private async graphOf(iri: string): Promise<N3.Store | undefined> {
    try {
      return new N3.Store(new N3.Parser({ format: 'N-Triples' }).parse((await this.pids.get(iri)).ntriples));
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof GoneError) return undefined;
      throw error;
    }
  }
}
