import { recordHref } from '../pid/index.js';
import type { CitationFacts, CitedRecord } from './citation-facts.js';

/** One identifier of the hardware chain a citation names. */
export interface HardwareRelation {
  /** The key of CSL-JSON `custom`. */
  readonly key: 'facilityRrid' | 'modelRrid' | 'instancePid' | 'descriptorPid';
  /** What it identifies, in words. */
  readonly label: string;
  /** The identifier as cited: an RRID (`RRID:SCR_…`), a CURIE (`doi:…`, `hdl:…`) or a landing URL. */
  readonly value: string;
}

/**
 * The address of a record: the resolver URL of its PID (`https://doi.org/…`, `https://hdl.handle.net/…`,
 * `https://identifiers.org/RRID:…`), else its landing page on this service.
 * @param record - the record.
 * @param baseUrl - PHD_BASE_URL.
 * @returns the URL.
 */
export function citedUrl(record: CitedRecord, baseUrl: string): string {
  if (record.pid !== undefined) return record.pid.iri;
  return record.iri.startsWith(`${baseUrl}/`) ? record.iri : `${baseUrl}${recordHref(record.iri, baseUrl)}`;
}

/**
 * How a record is named in a sentence or note: its PID's short form (`doi:…`, `hdl:…`,
 * `RRID:SCR_…`), else its landing URL.
 * @param record - the record.
 * @param baseUrl - PHD_BASE_URL.
 * @returns the identifier.
 */
export function citedIdentifier(record: CitedRecord, baseUrl: string): string {
  return record.pid?.curie ?? citedUrl(record, baseUrl);
}

/**
 * The identifiers of the hardware chain that a citation carries: the facility's RRID, the model's
 * RRID, the instance's PID (PIDINST) and the descriptor's (the configuration's) PID, as far as the
 * chain has them. Facilities and models count only when named by an RRID (an RRID is what a methods
 * section asks for); an instance or configuration without a PID is named by its landing URL.
 * @param facts - the citation's facts.
 * @param baseUrl - PHD_BASE_URL.
 * @returns the relations, in that order.
 */
export function hardwareRelations(facts: CitationFacts, baseUrl: string): HardwareRelation[] {
  const relations: HardwareRelation[] = [];
  if (facts.facility?.pid?.scheme === 'rrid') relations.push({ key: 'facilityRrid', label: 'Facility', value: facts.facility.pid.curie });
  if (facts.model?.pid?.scheme === 'rrid') relations.push({ key: 'modelRrid', label: 'Instrument model', value: facts.model.pid.curie });
  if (facts.instance !== undefined) {
    const pidinst = facts.instance.pid?.scheme === 'doi' || facts.instance.pid?.scheme === 'handle';
    relations.push({ key: 'instancePid', label: pidinst ? 'Instrument (PIDINST)' : 'Instrument', value: citedIdentifier(facts.instance, baseUrl) });
  }
  if (facts.configuration !== undefined) relations.push({ key: 'descriptorPid', label: 'Hardware configuration', value: citedIdentifier(facts.configuration, baseUrl) });
  return relations;
}
