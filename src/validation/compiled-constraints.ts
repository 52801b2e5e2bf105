import N3 from 'n3';
import type { Quad, Term } from 'n3';
import { validateTerm } from 'rdf-validate-datatype';
import { PREFIXES } from '../domain/index.js';
import { termKey } from '../domain/index.js';
import type { IndexedDataset } from './indexed-dataset.js';
import type { Severity, ValidationIssue } from './validation-report.js';
import { RDF, RDFS, SH } from '../domain/index.js';

const { namedNode } = N3.DataFactory;
const RDF_TYPE = namedNode(RDF.type);
const SUBCLASS = namedNode(RDFS.subClassOf);
const RDF_FIRST = namedNode(RDF.first);
const RDF_REST = namedNode(RDF.rest);

/**
 * A constraint of a property shape checked in code instead of by rdf-validate-shacl, with the
 * result the library would report. Two patterns of our shapes are compiled, because the library
 * evaluates them by validating every value against nested shapes (a cloned engine, a result graph
 * per failed alternative, the `sh:or` list walked again for each value), which made them ~40 % of
 * all validation time:
 * - `sh:or ([sh:datatype A] [sh:datatype B] …)`, the NBO-Q "number" type;
 * - `sh:qualifiedValueShape [sh:class C] ; sh:qualifiedMinCount n`, "at least one light source".
 */
export interface CompiledConstraint {
  /** The property shape's triples that the check replaces, left out of the library's shapes. */
  readonly replaces: readonly Quad[];
  /**
   * @param data - the data graph.
   * @param focus - the focus node.
   * @returns the issue when the focus node violates the constraint.
   */
  check(data: N3.Store, focus: Term): ValidationIssue[];
}

function single(shapes: IndexedDataset, subject: Term, predicate: string): Term | undefined {
  const objects = shapes.getObjects(subject, namedNode(predicate));
  return objects.length === 1 ? objects[0] : undefined;
}

/** The members of an RDF list and the list's own triples, or undefined when it is not a plain list. */
function listOf(shapes: IndexedDataset, head: Term): { members: Term[]; quads: Quad[] } | undefined {
  const members: Term[] = [];
  const quads: Quad[] = [];
  for (let node = head; node.value !== RDF.nil;) {
    if (node.termType !== 'BlankNode') return undefined;
    const own = shapes.getQuads(node, null, null, null);
    const first = own.find((q) => q.predicate.equals(RDF_FIRST));
    const rest = own.find((q) => q.predicate.equals(RDF_REST));
    if (own.length !== 2 || first === undefined || rest === undefined) return undefined;
    members.push(first.object);
    quads.push(...own);
    node = rest.object;
  }
  return { members, quads };
}

/** The one object of a blank node that has exactly one triple, with that predicate. */
function onlyValue(shapes: IndexedDataset, node: Term, predicate: string): { value: Term; quad: Quad } | undefined {
  if (node.termType !== 'BlankNode') return undefined;
  const own = shapes.getQuads(node, null, null, null);
  const quad = own[0];
  return own.length === 1 && quad !== undefined && quad.predicate.value === predicate ? { value: quad.object, quad } : undefined;
}

/** What every result of a property shape carries. */
interface ResultFrame {
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
  readonly sourceShape: string;
}

/**
 * The frame of a property shape's results, or undefined when the shape has no plain sh:message:
 * without one the library composes a message per component, with substitutions.
 */
function frameOf(shapes: IndexedDataset, property: Term, path: string): ResultFrame | undefined {
  const severity = single(shapes, property, SH.severity)?.value.replace(PREFIXES.sh, '') ?? 'Violation';
  const message = shapes.getObjects(property, namedNode(SH.message)).map((m) => m.value).join(' ');
  if (message === '' || /\{[$?]/.test(message)) return undefined;
  return {
    path,
    message,
    severity: severity as Severity,
    sourceShape: termKey(property),
  };
}

/** Is `node` an instance of `cls` in the data graph (rdf:type, then rdfs:subClassOf*)? */
function isInstanceOf(data: N3.Store, node: Term, cls: string): boolean {
  const seen = new Set<string>();
  const queue = data.getObjects(node, RDF_TYPE, null);
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (next.value === cls) return true;
    if (seen.has(next.value)) continue;
    seen.add(next.value);
    queue.push(...data.getObjects(next, SUBCLASS, null));
  }
  return false;
}

/** The issue a compiled check reports about a focus node, in the frame of its property shape. */
function issueIn(frame: ResultFrame, focus: Term, extra: Partial<ValidationIssue>): ValidationIssue {
  return { focusNode: termKey(focus), path: frame.path, message: frame.message, severity: frame.severity, ...extra, sourceShape: frame.sourceShape };
}

// The checks are built by these functions, from plain values, and never inside compileConstraint:
// a closure keeps its whole enclosing scope alive, and that scope holds the tier's shapes store
// (tens of megabytes of N3 indexes) — which every cached validator then kept through its checks.

/** Every value a datatype in `datatypes`, well-formed (the compiled `sh:or` of `sh:datatype`s). */
function datatypeCheck(frame: ResultFrame, path: Term, datatypes: ReadonlySet<string>): CompiledConstraint['check'] {
  return (data, focus) =>
    data.getObjects(focus, path, null)
      .filter((value) => !(value.termType === 'Literal' && datatypes.has(value.datatype.value) && validateTerm(value)))
      .map((value) => issueIn(frame, focus, { value: termKey(value), sourceConstraint: SH.OrConstraintComponent }));
}

/** At least `min` values that are instances of `classIri` (the compiled qualified value shape). */
function qualifiedClassCheck(frame: ResultFrame, path: Term, classIri: string, min: number): CompiledConstraint['check'] {
  return (data, focus) => {
    const count = data.getObjects(focus, path, null).filter((value) => isInstanceOf(data, value, classIri)).length;
    return count >= min ? [] : [issueIn(frame, focus, { sourceConstraint: SH.QualifiedMinCountConstraintComponent })];
  };
}

/**
 * The compiled form of one property shape's constraint, or undefined when it matches neither pattern.
 * The check it returns holds only the values it tests against, not the shapes graph.
 * @param shapes - the shapes graph.
 * @param property - the property shape node.
 * @returns the constraint, or undefined.
 */
export function compileConstraint(shapes: IndexedDataset, property: Term): CompiledConstraint | undefined {
  const path = single(shapes, property, SH.path);
  if (path?.termType !== 'NamedNode') return undefined;
  const frame = frameOf(shapes, property, path.value);
  if (frame === undefined) return undefined;

  const or = shapes.getQuads(property, namedNode(SH.or), null, null);
  const orQuad = or[0];
  if (or.length === 1 && orQuad !== undefined) {
    const list = listOf(shapes, orQuad.object);
    const alternatives = list?.members.map((member) => onlyValue(shapes, member, SH.datatype));
    if (list !== undefined && alternatives !== undefined && alternatives.length > 0 && alternatives.every((a) => a?.value.termType === 'NamedNode')) {
      return {
        replaces: [orQuad, ...list.quads, ...alternatives.flatMap((a) => (a === undefined ? [] : [a.quad]))],
        check: datatypeCheck(frame, path, new Set(alternatives.map((a) => a?.value.value ?? ''))),
      };
    }
  }

  const qualified = shapes.getQuads(property, namedNode(SH.qualifiedValueShape), null, null);
  const minCount = shapes.getQuads(property, namedNode(SH.qualifiedMinCount), null, null);
  const others = [SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint].some((p) => shapes.countQuads(property, namedNode(p), null) > 0);
  const qualifiedQuad = qualified[0];
  const minQuad = minCount[0];
  if (qualified.length === 1 && minCount.length === 1 && qualifiedQuad !== undefined && minQuad !== undefined && !others) {
    const cls = onlyValue(shapes, qualifiedQuad.object, SH.class);
    const min = Number(minQuad.object.value);
    if (cls?.value.termType === 'NamedNode' && minQuad.object.termType === 'Literal' && Number.isInteger(min)) {
      return { replaces: [qualifiedQuad, minQuad, cls.quad], check: qualifiedClassCheck(frame, path, cls.value.value, min) };
    }
  }
  return undefined;
}
