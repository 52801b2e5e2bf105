import N3 from 'n3';
import type { RecordKind } from '../../../src/domain/records.js';
import type { RecordStore, RecordWrite } from '../../../src/store/record-store.js';
import { graphWrite } from '../../../src/store/renamed-graph.js';

export const BASE = 'http://phd.test';
export const PHD = 'https://w3id.org/imaging-phd/ns#';
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
export const OWL_SAME_AS = 'http://www.w3.org/2002/07/owl#sameAs';
export const PID = 'https://doi.org/10.5072/phd-abcd-efgh';

/** The IRIs of one small chain: facility → instance → configuration ← dataset. */
export interface Chain {
  readonly facility: string;
  readonly instance: string;
  readonly configuration: string;
  readonly dataset: string;
}

/**
 * A chain of records with local IRIs, unique per call.
 * @param tag - what makes the IRIs unique.
 * @returns the IRIs.
 */
export function chainIris(tag: string): Chain {
  return {
    facility: `${BASE}/id/facility/f-${tag}`,
    instance: `${BASE}/id/instance/i-${tag}`,
    configuration: `${BASE}/id/configuration/c-${tag}`,
    dataset: `${BASE}/id/dataset/d-${tag}`,
  };
}

function write(iri: string, kind: RecordKind, turtle: string, facility: string | undefined): RecordWrite {
  const quads = new N3.Parser({ format: 'Turtle', blankNodePrefix: '' }).parse(`@prefix phd: <${PHD}> . @prefix schema: <https://schema.org/> .\n${turtle}`);
  return graphWrite(iri, kind, quads, facility, 'seed');
}

/**
 * The records of a chain: the configuration has a node under its IRI (`{c}/objective`) and a blank
 * node; the dataset names both the configuration and that node.
 * @param c - the chain.
 * @returns the writes, parents first.
 */
export function chainWrites(c: Chain): RecordWrite[] {
  return [
    write(c.facility, 'facility', `<${c.facility}> a phd:Facility ; schema:name "F" .`, c.facility),
    write(c.instance, 'instance', `<${c.instance}> a phd:InstrumentInstance ; schema:name "I" . <${c.facility}> phd:operates <${c.instance}> .`, c.facility),
    write(c.configuration, 'configuration', `<${c.configuration}> a phd:HardwareConfiguration ; phd:hasComponent <${c.configuration}/objective> ; schema:additionalProperty [ schema:value "1.40" ] .
      <${c.configuration}/objective> a phd:Objective ; schema:name "Plan-Apo 63x" .
      <${c.instance}> phd:hasConfiguration <${c.configuration}> .`, c.facility),
    write(c.dataset, 'dataset', `<${c.dataset}> a phd:Dataset ; phd:acquiredWith <${c.configuration}> ; phd:usedComponent <${c.configuration}/objective> .`, c.facility),
  ];
}

/**
 * Stores a chain.
 * @param store - the store.
 * @param c - the chain.
 */
export async function storeChain(store: RecordStore, c: Chain): Promise<void> {
  await store.createAll(chainWrites(c));
}

/**
 * A record's triples as sorted N-Triples lines with one IRI replaced, to compare graphs modulo a rename.
 * @param ntriples - the graph.
 * @param from - the IRI to replace.
 * @param to - its replacement.
 * @returns the lines.
 */
export function linesRenamed(ntriples: string, from: string, to: string): string[] {
  return ntriples.split('\n').filter(Boolean).map((l) => l.split(`<${from}`).join(`<${to}`)).sort();
}
