import { PHD } from './vocabulary.js';

/** One stage of an instrument's life cycle (ontology/phd.ttl, phd:InstrumentStatusScheme). */
export interface InstrumentStatusTerm {
  /** The concept's IRI, e.g. `phd:ActiveStatus`. */
  readonly iri: string;
  /** The word people read: planned, commissioned, active, inactive, decommissioned. */
  readonly label: string;
  /**
   * The value PIDINST's proposed InstrumentStatus gives it (rdawg-pidinst/schema#58, pull request
   * #80): Planning, Commissioning, Active, Inactive, Terminated. The concept's skos:notation.
   */
  readonly pidinst: 'Planning' | 'Commissioning' | 'Active' | 'Inactive' | 'Terminated';
}

/**
 * The instrument statuses in life-cycle order, as the ontology defines them (a test checks that
 * labels and notations agree with ontology/phd.ttl), so that exporters and pages need not read the
 * ontology to name a status.
 */
export const INSTRUMENT_STATUSES: readonly InstrumentStatusTerm[] = [
  { iri: PHD.PlannedStatus, label: 'planned', pidinst: 'Planning' },
  { iri: PHD.CommissionedStatus, label: 'commissioned', pidinst: 'Commissioning' },
  { iri: PHD.ActiveStatus, label: 'active', pidinst: 'Active' },
  { iri: PHD.InactiveStatus, label: 'inactive', pidinst: 'Inactive' },
  { iri: PHD.DecommissionedStatus, label: 'decommissioned', pidinst: 'Terminated' },
];

/**
 * The status term of a concept IRI.
 * @param iri - the object of `phd:instrumentStatus`.
 * @returns the term, or undefined when the IRI is none of the five (SHACL refuses such a record).
 */
export function instrumentStatusOf(iri: string): InstrumentStatusTerm | undefined {
  return INSTRUMENT_STATUSES.find((status) => status.iri === iri);
}
