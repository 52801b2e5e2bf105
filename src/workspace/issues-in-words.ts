import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { humanize, PHD, PREFIXES, RDF, RDFS, SCHEMA, DCTERMS } from '../domain/index.js';
import { ONTOLOGY_DIR, readTurtleDir, SHAPES_DIR } from '../validation/index.js';
import type { Severity, ValidationIssue } from '../validation/index.js';

/** One validation issue said in words, for a person who does not write RDF. */
export interface IssueInWords {
  /** What the issue is about: a component (`Objective “Plan-Apo 63x”`), the configuration, a record. */
  readonly about: string;
  /** The field, by its label in the ontology (`Numerical aperture`); absent for an issue about the whole node. */
  readonly field?: string;
  /** The NBO-Q tier (1–3) that requires the field, when a shape of that tier does. */
  readonly tier?: number;
  /** The whole sentence: what is wrong and what to do (`Objective “Plan-Apo 63x”: Numerical aperture is missing — add it (tier 1).`). */
  readonly text: string;
  readonly severity: Severity;
}

const SH_NS = PREFIXES.sh;
const NBOQ_TIER = `${PREFIXES.nboq}tier`;

/** What the shapes and the ontology say about fields, read once. */
interface Vocabulary {
  /** Property or class IRI → its English label. */
  readonly labels: ReadonlyMap<string, string>;
  /** Class → its superclasses, transitively. */
  readonly ancestors: ReadonlyMap<string, readonly string[]>;
  /** `{class} {path}` → the lowest tier whose shape requires the field. */
  readonly tiers: ReadonlyMap<string, number>;
  /** `{class} {path}` → the datatype a value must have. */
  readonly datatypes: ReadonlyMap<string, string>;
  /** `{class} {path}` → the values allowed (sh:in), as shown. */
  readonly allowed: ReadonlyMap<string, readonly string[]>;
}

let vocabulary: Vocabulary | undefined;

/** Reads the ontology's labels and subclass axioms and the shapes' tiers, datatypes and enumerations, once. */
function vocabularyOf(): Vocabulary {
  if (vocabulary !== undefined) return vocabulary;
  const ontology = readTurtleDir(ONTOLOGY_DIR);
  const labels = new Map<string, string>();
  const parents = new Map<string, string[]>();
  for (const q of ontology) {
    if (q.predicate.value === RDFS.label && q.object.termType === 'Literal' && ['', 'en'].includes(q.object.language)) {
      if (q.object.language === 'en' || !labels.has(q.subject.value)) labels.set(q.subject.value, q.object.value);
    }
    if (q.predicate.value === RDFS.subClassOf && q.object.termType === 'NamedNode') parents.set(q.subject.value, [...(parents.get(q.subject.value) ?? []), q.object.value]);
  }
  const ancestors = new Map<string, string[]>();
  for (const cls of parents.keys()) {
    const found = new Set<string>();
    const queue = [...(parents.get(cls) ?? [])];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (found.has(next)) continue;
      found.add(next);
      queue.push(...(parents.get(next) ?? []));
    }
    ancestors.set(cls, [...found]);
  }
  const tiers = new Map<string, number>();
  const datatypes = new Map<string, string>();
  const allowed = new Map<string, string[]>();
  for (const name of readdirSync(SHAPES_DIR).filter((n) => n.endsWith('.ttl')).sort()) {
    const fileTier = /-tier-(\d)\.ttl$/.exec(name)?.[1];
    const shapes = new N3.Store(new N3.Parser({ format: 'Turtle' }).parse(readFileSync(join(SHAPES_DIR, name), 'utf8')));
    const one = (subject: N3.Term, predicate: string) => shapes.getObjects(subject, N3.DataFactory.namedNode(predicate), null)[0];
    for (const shape of shapes.getSubjects(N3.DataFactory.namedNode(`${SH_NS}targetClass`), null, null)) {
      const targets = shapes.getObjects(shape, N3.DataFactory.namedNode(`${SH_NS}targetClass`), null).map((t) => t.value);
      for (const property of shapes.getObjects(shape, N3.DataFactory.namedNode(`${SH_NS}property`), null)) {
        const path = one(property, `${SH_NS}path`);
        if (path?.termType !== 'NamedNode') continue;
        const qualified = one(property, `${SH_NS}qualifiedValueShape`);
        const qualifiedClass = qualified === undefined ? undefined : one(qualified, `${SH_NS}class`)?.value;
        const declared = Number(one(property, NBOQ_TIER)?.value ?? fileTier ?? Number.NaN);
        const datatype = one(property, `${SH_NS}datatype`)?.value;
        const list = one(property, `${SH_NS}in`);
        for (const target of targets) {
          const key = `${target} ${path.value}${qualifiedClass === undefined ? '' : ` ${qualifiedClass}`}`;
          const required = one(property, `${SH_NS}minCount`) !== undefined || one(property, `${SH_NS}qualifiedMinCount`) !== undefined;
          if (required && Number.isInteger(declared) && declared > 0) tiers.set(key, Math.min(tiers.get(key) ?? declared, declared));
          if (datatype !== undefined) datatypes.set(key, datatype);
          if (list !== undefined) allowed.set(key, listValues(shapes, list).map((v) => labels.get(v) ?? (v.includes('/') || v.includes('#') ? humanize(localName(v)) : v)));
        }
      }
    }
  }
  vocabulary = { labels, ancestors, tiers, datatypes, allowed };
  return vocabulary;
}

/** The members of an RDF list in a shapes graph. */
function listValues(store: N3.Store, head: N3.Term): string[] {
  const values: string[] = [];
  for (let node: N3.Term | undefined = head; node !== undefined && node.value !== RDF.nil && values.length < 200;) {
    const first = store.getObjects(node, N3.DataFactory.namedNode(RDF.first), null)[0];
    if (first !== undefined) values.push(first.value);
    node = store.getObjects(node, N3.DataFactory.namedNode(RDF.rest), null)[0];
  }
  return values;
}

function localName(iri: string): string {
  const local = iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
  return local === '' ? iri : local;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How each datatype is asked for in words. */
const DATATYPE_WORDS: Readonly<Record<string, string>> = {
  decimal: 'a number', double: 'a number', float: 'a number', integer: 'a whole number', int: 'a whole number',
  nonNegativeInteger: 'a whole number, 0 or more', positiveInteger: 'a whole number above 0', boolean: 'true or false',
  date: 'a date (YYYY-MM-DD)', dateTime: 'a date and time', gYear: 'a year', string: 'text', anyURI: 'a web address',
};

/** Options of {@link describeIssues}. */
export interface DescribeIssuesOptions {
  /**
   * Names of nodes the quads do not name readably (a record referenced by IRI), by IRI; else
   * the IRI itself is shown.
   */
  readonly names?: ReadonlyMap<string, string>;
}

/**
 * Says validation issues in words: which component or record each is about (by its class and name,
 * never a blank node id), the field (its label in the ontology), the NBO-Q tier that requires it
 * when a tier's shape does, and what to do — never SHACL's component names or its "exactly one".
 * @param issues - the issues, as the validator reports them.
 * @param quads - the graph that was validated (the record, or the records of an import), to name nodes.
 * @param options - names of nodes outside the graph.
 * @returns one description per issue, in the same order.
 * @example
 * describeIssues(report.issues, quads)[0].text; // 'Objective “Plan-Apo 63x”: Magnification is missing — add it (tier 1).'
 */
export function describeIssues(issues: readonly ValidationIssue[], quads: readonly Quad[], options: DescribeIssuesOptions = {}): IssueInWords[] {
  const words = vocabularyOf();
  const graph = new Graph(quads, words, options.names ?? new Map());
  return issues.map((issue) => describeOne(issue, graph, words));
}

/** The validated graph, indexed to name its nodes. */
class Graph {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();

  public constructor(quads: readonly Quad[], private readonly words: Vocabulary, private readonly names: ReadonlyMap<string, string>) {
    for (const q of quads) {
      const s = key(q.subject);
      this.bySubject.set(s, [...(this.bySubject.get(s) ?? []), q]);
      if (q.object.termType !== 'Literal') {
        const o = key(q.object);
        this.byObject.set(o, [...(this.byObject.get(o) ?? []), q]);
      }
    }
  }

  /** The node's classes with their superclasses. */
  public classes(node: string): string[] {
    const asserted = this.values(node, RDF.type);
    return [...new Set([...asserted, ...asserted.flatMap((c) => this.words.ancestors.get(c) ?? [])])];
  }

  public values(node: string, predicate: string): string[] {
    return (this.bySubject.get(node) ?? []).filter((q) => q.predicate.value === predicate).map((q) => q.object.value);
  }

  /** The most specific class of the node that has a label. */
  private classLabel(node: string): string | undefined {
    const asserted = this.values(node, RDF.type).filter((c) => c !== PHD.Component);
    const nboq = asserted.find((c) => c.startsWith(PREFIXES.nboq) && this.words.labels.has(c));
    const cls = nboq ?? asserted.find((c) => this.words.labels.has(c));
    return cls === undefined ? undefined : this.words.labels.get(cls);
  }

  /**
   * A readable name of a node: its class and label (`Objective “Plan-Apo 63x”`), the configuration,
   * or, for a node inside another (a blank node, `{component}/range/1`), that node's name and the field.
   * @param node - the node (IRI or `_:label`).
   * @param depth - guards cycles.
   * @returns the name.
   */
  public name(node: string, depth = 0): string {
    const known = this.names.get(node);
    if (known !== undefined) return known;
    const classes = this.values(node, RDF.type);
    if (classes.includes(PHD.HardwareConfiguration)) {
      const label = this.values(node, RDFS.label)[0];
      return label === undefined ? 'The configuration' : `The configuration “${label}”`;
    }
    const label = this.values(node, RDFS.label)[0] ?? this.values(node, SCHEMA.name)[0] ?? this.values(node, DCTERMS.identifier)[0];
    const cls = this.classLabel(node);
    if (cls !== undefined) return label === undefined ? capitalize(cls) : `${capitalize(cls)} “${label}”`;
    if (depth < 5) {
      // A node inside another: named by its parent and the field it sits in.
      const parent = (this.byObject.get(node) ?? [])[0];
      if (parent !== undefined) return `${this.name(key(parent.subject), depth + 1)}, ${this.fieldLabel(parent.predicate.value)}`;
    }
    if (label !== undefined) return `“${label}”`;
    return node.startsWith('_:') ? 'A part of the record' : node;
  }

  /** A property's label in the ontology, capitalized, or its local name in words. */
  public fieldLabel(property: string): string {
    const iri = property.startsWith('^') ? property.slice(1) : property;
    return capitalize(this.words.labels.get(iri) ?? humanize(localName(iri)));
  }
}

function key(term: Quad['subject'] | Quad['object']): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/** The first entry of a map keyed `{class} {rest}` for one of the node's classes. */
function lookup<T>(map: ReadonlyMap<string, T>, classes: readonly string[], rest: string): T | undefined {
  for (const cls of classes) {
    const found = map.get(`${cls} ${rest}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

function describeOne(issue: ValidationIssue, graph: Graph, words: Vocabulary): IssueInWords {
  const about = graph.name(issue.focusNode);
  const classes = graph.classes(issue.focusNode);
  const path = issue.path?.startsWith('^') === true ? undefined : issue.path;
  const field = issue.path === undefined ? undefined : graph.fieldLabel(issue.path);
  const component = localName(issue.sourceConstraint ?? '').replace(/ConstraintComponent$/, '');
  const shown = issue.value === undefined || issue.value.startsWith('_:') ? '' : ` “${issue.value}”`;
  let tier = path === undefined ? undefined : lookup(words.tiers, classes, path);
  let text: string;
  switch (component) {
    case 'MinCount':
      text = `${about}: ${field ?? 'a field'} is missing — add it`;
      break;
    case 'QualifiedMinCount': {
      // The shapes say which class of part is required in their message (`… (nboq:Objective)`).
      const prefixed = /\((\w+):(\w+)\)/.exec(issue.message);
      const ns = prefixed?.[1] === undefined ? undefined : (PREFIXES as Readonly<Record<string, string>>)[prefixed[1]];
      const required = ns === undefined || prefixed?.[2] === undefined ? undefined : `${ns}${prefixed[2]}`;
      const part = required === undefined ? 'a required part' : (words.labels.get(required) ?? humanize(localName(required)));
      if (path !== undefined && required !== undefined) tier = lookup(words.tiers, classes, `${path} ${required}`);
      text = `${about} has no ${part} — add ${required === undefined ? 'it' : 'one'}`;
      break;
    }
    case 'MaxCount':
      text = `${about}: ${field ?? 'a field'} has more than one value — keep one`;
      break;
    case 'Datatype':
    case 'Or': {
      const datatype = path === undefined ? undefined : lookup(words.datatypes, classes, path);
      const wanted = component === 'Or' ? 'a number' : (DATATYPE_WORDS[localName(datatype ?? '')] ?? 'a value of the right kind');
      text = `${about}: ${field ?? 'a field'}${shown} is not ${wanted} — write ${wanted}`;
      break;
    }
    case 'In': {
      const allowed = path === undefined ? undefined : lookup(words.allowed, classes, path);
      text = `${about}: ${field ?? 'a field'}${shown} is not one of the allowed values — choose ${allowed === undefined ? 'another' : `one of ${allowed.slice(0, 12).join(', ')}${allowed.length > 12 ? ', …' : ''}`}`;
      break;
    }
    case 'Class':
      // The validator says an unregistered or mistyped link in words already ("… is not registered here — register it first").
      text = /register|not in the data/.test(issue.message) ? `${about}: ${field ?? 'a link'}: ${issue.message.replace(/\.$/, '')}` : `${about}: ${field ?? 'a link'}${shown} links to the wrong kind of record — link another`;
      break;
    case 'MinInclusive':
    case 'MaxInclusive':
    case 'MinExclusive':
    case 'MaxExclusive':
      text = `${about}: ${field ?? 'a field'}${shown} is out of the allowed range — correct it`;
      break;
    case 'Pattern':
      text = `${about}: ${field ?? 'a field'}${shown} is not written in the expected form — ${plainMessage(issue.message)}`;
      break;
    case 'NodeKind':
      text = `${about}: ${field ?? 'a field'}${shown} must be ${/IRI/.test(issue.message) ? 'a link' : 'a value of another kind'} — correct it`;
      break;
    default:
      text = `${about}: ${field === undefined ? '' : `${field}: `}${plainMessage(issue.message)}`;
  }
  const sentence = `${text.replace(/[.\s]+$/, '')}${tier === undefined ? '' : ` (tier ${tier})`}.`;
  return { about, ...(field === undefined ? {} : { field }), ...(tier === undefined ? {} : { tier }), text: sentence, severity: issue.severity };
}

/** A shape's message without SHACL's counting words and prefixed names. */
function plainMessage(message: string): string {
  return message
    .replace(/\bexactly one\b/gi, 'one')
    .replace(/\s*\((?:\w+:\w+|a string)\)/g, '')
    .replace(/\.$/, '');
}
