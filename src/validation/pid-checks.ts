import type { Store, Term } from 'n3';
import { NBOQ_NS } from '../domain/index.js';
import { parsePid, pidFromIri } from '../domain/index.js';
import { KIND_OF_CLASS } from '../domain/index.js';
import type { PidScheme } from '../domain/index.js';
import { InvalidPidError } from '../errors/index.js';
import type { ValidationIssue } from './validation-report.js';
import { DCTERMS, PHD, PHD_CHECKS, RDF } from '../domain/index.js';

/** IRI prefixes under which every IRI must be a valid PID (canonical or not). */
const PID_SPACES: readonly (readonly [string, PidScheme])[] = [
  ['https://identifiers.org/RRID:', 'rrid'],
  ['https://ror.org/', 'ror'],
  ['https://orcid.org/', 'orcid'],
  ['https://doi.org/', 'doi'],
  ['https://hdl.handle.net/', 'handle'],
];

/** Links inside a configuration (components, nested elements) are not PIDs even under a DOI IRI. */
function linksToPid(predicate: string): boolean {
  return !predicate.startsWith(NBOQ_NS) && predicate !== PHD.hasComponent && predicate !== RDF.type;
}

function schemeOf(iri: string): PidScheme | undefined {
  return PID_SPACES.find(([prefix]) => iri.startsWith(prefix))?.[1];
}

function label(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

function problem(iri: string, scheme: PidScheme): string | undefined {
  if (pidFromIri(iri) !== undefined) return undefined;
  try {
    const pid = parsePid(iri, scheme);
    return `${iri} is a valid ${scheme.toUpperCase()} but not in canonical form: write ${pid.iri}.`;
  } catch (error) {
    if (error instanceof InvalidPidError) return `${iri}: ${error.message} [rule ${error.rule}]`;
    throw error;
  }
}

/**
 * Checks what SHACL Core cannot: that every IRI in a PID space (identifiers.org RRIDs, ror.org,
 * orcid.org, doi.org, hdl.handle.net) is a canonical, valid PID — ROR and ORCID check digits
 * included — and that `dcterms:identifier` literals of PID-named nodes spell that same PID.
 *
 * @param store - the data graph.
 * @returns one issue per bad occurrence.
 */
export function checkPids(store: Store): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const records = new Set<string>();
  for (const quad of store.getQuads(null, RDF.type, null, null)) {
    if (quad.subject.termType === 'NamedNode' && KIND_OF_CLASS.has(quad.object.value)) records.add(quad.subject.value);
  }
  for (const record of records) {
    const scheme = schemeOf(record);
    const message = scheme === undefined ? undefined : problem(record, scheme);
    if (message !== undefined) issues.push({ focusNode: record, message, severity: 'Violation', value: record, sourceConstraint: PHD_CHECKS.PidCheck });
  }
  for (const quad of store.getQuads(null, null, null, null)) {
    const { subject, predicate, object } = quad;
    if (object.termType === 'NamedNode' && linksToPid(predicate.value)) {
      const scheme = schemeOf(object.value);
      const message = scheme === undefined ? undefined : problem(object.value, scheme);
      if (message !== undefined) {
        issues.push({ focusNode: label(subject), path: predicate.value, message, severity: 'Violation', value: object.value, sourceConstraint: PHD_CHECKS.PidCheck });
      }
    }
    if (predicate.value === DCTERMS.identifier && object.termType === 'Literal' && records.has(subject.value)) {
      const scheme = schemeOf(subject.value);
      if (scheme === undefined) continue;
      try {
        const pid = parsePid(object.value, scheme);
        if (pid.iri !== subject.value) {
          issues.push({
            focusNode: subject.value, path: DCTERMS.identifier, value: object.value, severity: 'Violation', sourceConstraint: PHD_CHECKS.PidCheck,
            message: `dcterms:identifier "${object.value}" denotes ${pid.iri}, not this resource (${subject.value}).`,
          });
        }
      } catch (error) {
        if (!(error instanceof InvalidPidError)) throw error;
        issues.push({
          focusNode: subject.value, path: DCTERMS.identifier, value: object.value, severity: 'Violation', sourceConstraint: PHD_CHECKS.PidCheck,
          message: `dcterms:identifier "${object.value}": ${error.message} [rule ${error.rule}]`,
        });
      }
    }
  }
  return issues;
}
