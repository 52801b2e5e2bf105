import { pidFromIri } from '../domain/index.js';
import { componentMethodsFields } from './component-methods-fields.js';
import { hardwareInventory } from './hardware-inventory.js';
import type { MethodsOntology } from './methods-ontology.js';
import { methodsText } from './methods-text.js';
import type { MethodsInput } from './methods-text.js';
import type { MethodsView } from './methods-view.js';
import { RecordGraph } from './record-graph.js';
import { reportingChecklist } from './reporting-checklist.js';

/**
 * The methods view of a configuration or dataset: the text, its missing markers, the community
 * checklist and the NBO-Q M&M fields of each component. Pure: the caller reads the records.
 * @param input - the records read (see {@link MethodsInput}).
 * @param ontology - the ontology (class tree, labels, M&M marking).
 * @param paths - the record's page and its methods page.
 * @param paths.href - the record's page.
 * @param paths.methodsHref - its methods page.
 * @returns the view.
 */
export function buildMethodsView(input: MethodsInput, ontology: MethodsOntology, paths: { readonly href: string; readonly methodsHref: string }): MethodsView {
  const configuration = input.configuration;
  const graph = configuration === undefined ? undefined : new RecordGraph(configuration.quads, ontology);
  const inventory = configuration === undefined || graph === undefined ? undefined : hardwareInventory(configuration.iri, graph);
  const datasetGraph = input.dataset === undefined ? undefined : new RecordGraph(input.dataset.quads, ontology);
  const paragraphs = methodsText(input, inventory, datasetGraph, ontology);
  const missing = [...new Set(paragraphs.flat().flatMap((s) => s.segments.flatMap((seg) => ('missing' in seg ? [seg.missing] : []))))];
  const facilityRrid = input.facility === undefined ? undefined : pidFromIri(input.facility.iri);
  const checklist = reportingChecklist({
    kind: input.kind,
    inventory,
    ...(input.dataset === undefined || datasetGraph === undefined ? {} : { dataset: { iri: input.iri, graph: datasetGraph, acquisition: input.dataset.acquisition } }),
    facilityRrid: facilityRrid?.scheme === 'rrid' ? facilityRrid.curie : undefined,
    instancePid: input.instance === undefined ? undefined : pidFromIri(input.instance.iri)?.curie,
    model: input.model === undefined ? undefined : [input.model.manufacturer, input.model.label].filter((v) => v !== undefined).join(' '),
  });
  return {
    iri: input.iri,
    kind: input.kind,
    title: input.title,
    href: paths.href,
    methodsHref: paths.methodsHref,
    configuration: configuration === undefined ? undefined : input.citationOf(configuration.iri),
    paragraphs,
    missing,
    checklist,
    componentFields: configuration === undefined || graph === undefined ? [] : componentMethodsFields(configuration.iri, graph, ontology),
  };
}
