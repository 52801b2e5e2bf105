import N3 from 'n3';
import type { Quad } from 'n3';
import { PREFIXES } from '../domain/namespaces.js';
import { RECORD_KINDS } from '../domain/records.js';
import type { RecordKind } from '../domain/records.js';
import type { RecordStore } from '../store/record-store.js';

const { namedNode, literal, quad, blankNode } = N3.DataFactory;
const VOID = 'http://rdfs.org/ns/void#';
const FORMATS = 'http://www.w3.org/ns/formats/';

/** The class of each record kind, for VoID class partitions. */
const CLASS_OF_KIND: Readonly<Record<RecordKind, string>> = {
  facility: `${PREFIXES.phd}Facility`,
  organization: `${PREFIXES.phd}Organization`,
  model: `${PREFIXES.phd}InstrumentModel`,
  instance: `${PREFIXES.phd}InstrumentInstance`,
  configuration: `${PREFIXES.phd}HardwareConfiguration`,
  dataset: `${PREFIXES.phd}Dataset`,
  publication: `${PREFIXES.phd}Publication`,
  person: `${PREFIXES.phd}Person`,
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
  add(dataset, `${PREFIXES.rdf}type`, namedNode(`${VOID}Dataset`));
  add(dataset, `${PREFIXES.rdf}type`, namedNode(`${PREFIXES.dcat}Dataset`));
  add(dataset, `${PREFIXES.dcterms}title`, literal(`imaging-phd at ${baseUrl}`, 'en'));
  add(dataset, `${PREFIXES.dcterms}description`, literal(
    'Persistent Hardware Descriptors for microscopy: facilities, instrument models and instances, versioned hardware configurations (NBO-Q), datasets and publications, one named graph per record.',
    'en',
  ));
  add(dataset, `${PREFIXES.dcterms}modified`, literal(new Date().toISOString(), namedNode(`${PREFIXES.xsd}dateTime`)));
  add(dataset, `${VOID}sparqlEndpoint`, namedNode(`${baseUrl}/sparql`));
  add(dataset, `${VOID}uriSpace`, literal(`${baseUrl}/id/`));
  add(dataset, `${VOID}triples`, literal(String(stats.triples), namedNode(`${PREFIXES.xsd}integer`)));
  add(dataset, `${VOID}entities`, literal(String(stats.records), namedNode(`${PREFIXES.xsd}integer`)));
  add(dataset, `${VOID}vocabulary`, namedNode('https://w3id.org/imaging-phd/ns'));
  add(dataset, `${VOID}vocabulary`, namedNode('https://w3id.org/imaging-phd/nbo-q'));
  for (const format of ['Turtle', 'N-Triples', 'JSON-LD']) add(dataset, `${VOID}feature`, namedNode(`${FORMATS}${format}`));

  for (const [path, title] of [['/sparql', 'SPARQL 1.1 endpoint (this instance)'], ['/federated/sparql', 'Federated SPARQL endpoint (this instance and its peers)']] as const) {
    const service = namedNode(`${baseUrl}${path}`);
    add(dataset, `${PREFIXES.dcat}distribution`, blankDistribution(quads, service));
    add(service, `${PREFIXES.rdf}type`, namedNode(`${PREFIXES.dcat}DataService`));
    add(service, `${PREFIXES.dcterms}title`, literal(title, 'en'));
    add(service, `${PREFIXES.dcat}endpointURL`, service);
    add(service, `${PREFIXES.dcat}endpointDescription`, service);
    add(service, `${PREFIXES.dcterms}conformsTo`, namedNode('https://www.w3.org/TR/sparql11-protocol/'));
    add(service, `${PREFIXES.dcat}servesDataset`, dataset);
  }

  for (const kind of RECORD_KINDS) {
    const records = await options.store.list(kind);
    const partition = blankNode(`partition-${kind}`);
    add(dataset, `${VOID}classPartition`, partition);
    add(partition, `${VOID}class`, namedNode(CLASS_OF_KIND[kind]));
    add(partition, `${VOID}entities`, literal(String(records.length), namedNode(`${PREFIXES.xsd}integer`)));
    if (kind === 'facility') for (const facility of records) add(dataset, `${VOID}rootResource`, namedNode(facility.iri));
  }
  for (const peer of options.peers) add(dataset, `${PREFIXES.rdfs}seeAlso`, namedNode(`${peer}/.well-known/void`));
  return quads;
}

/** A DCAT distribution pointing at a data service. */
function blankDistribution(quads: Quad[], service: N3.NamedNode): N3.BlankNode {
  const node = blankNode(`distribution-${service.value.endsWith('/federated/sparql') ? 'federated' : 'sparql'}`);
  quads.push(quad(node, namedNode(`${PREFIXES.rdf}type`), namedNode(`${PREFIXES.dcat}Distribution`)));
  quads.push(quad(node, namedNode(`${PREFIXES.dcat}accessService`), service));
  quads.push(quad(node, namedNode(`${PREFIXES.dcat}accessURL`), service));
  return node;
}
