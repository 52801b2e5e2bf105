import N3 from 'n3';
import type { Quad } from 'n3';
import { RECORD_KINDS } from '../domain/index.js';
import type { RecordKind } from '../domain/index.js';
import type { RecordStore } from '../store/index.js';
import { FORMATS_NS } from '../domain/index.js';
import { DCAT, DCTERMS, PHD, RDF, RDFS, VOID, XSD } from '../domain/index.js';

const { namedNode, literal, quad, blankNode } = N3.DataFactory;

/** The class of each record kind, for VoID class partitions. */
const CLASS_OF_KIND: Readonly<Record<RecordKind, string>> = {
  facility: PHD.Facility,
  organization: PHD.Organization,
  model: PHD.InstrumentModel,
  instance: PHD.InstrumentInstance,
  configuration: PHD.HardwareConfiguration,
  dataset: PHD.Dataset,
  publication: PHD.Publication,
  person: PHD.Person,
};

/** Options of {@link voidDescription}. */
export interface VoidOptions {
  readonly store: RecordStore;
  readonly baseUrl: string;
  readonly peers: readonly string[];
}

/**
 * The VoID + DCAT description of this instance (`/.well-known/void`, RFC 8615 well-known URI
 * registered for VoID): a `void:Dataset` and `dcat:Dataset` with its SPARQL endpoint (and the
 * federated one) as a `dcat:DataService`, the triple count, the URI space of minted IRIs, one
 * class partition per record kind with its count, the facilities it describes as root
 * resources, and its peers' descriptions.
 * @param options - store, base URL, peers.
 * @returns the description as quads.
 */
export async function voidDescription(options: VoidOptions): Promise<Quad[]> {
  const { baseUrl } = options;
  const dataset = namedNode(`${baseUrl}/.well-known/void#dataset`);
  const quads: Quad[] = [];
  const add = (s: N3.Quad_Subject, p: string, o: N3.Quad_Object) => quads.push(quad(s, namedNode(p), o));
  const stats = await options.store.stats();
  add(dataset, RDF.type, namedNode(VOID.Dataset));
  add(dataset, RDF.type, namedNode(DCAT.Dataset));
  add(dataset, DCTERMS.title, literal(`imaging-phd at ${baseUrl}`, 'en'));
  add(dataset, DCTERMS.description, literal(
    'Persistent Hardware Descriptors for microscopy: facilities, instrument models and instances, versioned hardware configurations (NBO-Q), datasets and publications, one named graph per record.',
    'en',
  ));
  add(dataset, DCTERMS.modified, literal(new Date().toISOString(), namedNode(XSD.dateTime)));
  add(dataset, VOID.sparqlEndpoint, namedNode(`${baseUrl}/sparql`));
  add(dataset, VOID.uriSpace, literal(`${baseUrl}/id/`));
  add(dataset, VOID.triples, literal(String(stats.triples), namedNode(XSD.integer)));
  add(dataset, VOID.entities, literal(String(stats.records), namedNode(XSD.integer)));
  add(dataset, VOID.vocabulary, namedNode('https://w3id.org/imaging-phd/ns'));
  add(dataset, VOID.vocabulary, namedNode('https://w3id.org/imaging-phd/nbo-q'));
  for (const format of ['Turtle', 'N-Triples', 'JSON-LD']) add(dataset, VOID.feature, namedNode(`${FORMATS_NS}${format}`));

  for (const [path, title] of [['/sparql', 'SPARQL 1.1 endpoint (this instance)'], ['/federated/sparql', 'Federated SPARQL endpoint (this instance and its peers)']] as const) {
    const service = namedNode(`${baseUrl}${path}`);
    add(dataset, DCAT.distribution, blankDistribution(quads, service));
    add(service, RDF.type, namedNode(DCAT.DataService));
    add(service, DCTERMS.title, literal(title, 'en'));
    add(service, DCAT.endpointURL, service);
    add(service, DCAT.endpointDescription, service);
    add(service, DCTERMS.conformsTo, namedNode('https://www.w3.org/TR/sparql11-protocol/'));
    add(service, DCAT.servesDataset, dataset);
  }

  for (const kind of RECORD_KINDS) {
    const records = await options.store.list(kind);
    const partition = blankNode(`partition-${kind}`);
    add(dataset, VOID.classPartition, partition);
    add(partition, VOID.class, namedNode(CLASS_OF_KIND[kind]));
    add(partition, VOID.entities, literal(String(records.length), namedNode(XSD.integer)));
    if (kind === 'facility') for (const facility of records) add(dataset, VOID.rootResource, namedNode(facility.iri));
  }
  for (const peer of options.peers) add(dataset, RDFS.seeAlso, namedNode(`${peer}/.well-known/void`));
  return quads;
}

/** A DCAT distribution pointing at a data service. */
function blankDistribution(quads: Quad[], service: N3.NamedNode): N3.BlankNode {
  const node = blankNode(`distribution-${service.value.endsWith('/federated/sparql') ? 'federated' : 'sparql'}`);
  quads.push(quad(node, namedNode(RDF.type), namedNode(DCAT.Distribution)));
  quads.push(quad(node, namedNode(DCAT.accessService), service));
  quads.push(quad(node, namedNode(DCAT.accessURL), service));
  return node;
}
