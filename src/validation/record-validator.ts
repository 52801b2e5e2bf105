import N3 from 'n3';
import type { Quad } from 'n3';
import type { ValidationResult } from 'rdf-validate-shacl/src/validation-report.js';
import SHACLValidator from 'rdf-validate-shacl';
import type { Options } from 'rdf-validate-shacl';
import defaultEnvironment from 'rdf-validate-shacl/src/defaultEnv.js';
import { PREFIXES } from '../domain/index.js';
import { termKey } from '../domain/index.js';
import { compileConstraint } from './compiled-constraints.js';
import type { CompiledConstraint } from './compiled-constraints.js';
import { IndexedDataset } from './indexed-dataset.js';
import { MatchDataset, MatchedQuads } from './match-dataset.js';
import { checkPids } from './pid-checks.js';
import { LEVELS, ONTOLOGY_DIR, readTurtleDir, shapesForTier } from './model-files.js';
import type { Level, Tier } from './model-files.js';
import type { Severity, ValidationIssue, ValidationReport } from './validation-report.js';
import { PHD, RDF, RDFS, SH } from '../domain/index.js';

const { namedNode } = N3.DataFactory;
const RDF_TYPE = namedNode(RDF.type);
const CONFIGURATION = namedNode(PHD.HardwareConfiguration);
const TIER = namedNode(PHD.tier);
const HAS_COMPONENT = namedNode(PHD.hasComponent);

/** A node shape split for pruning (see RecordValidator.validator). */
interface IndexedShape {
  readonly id: string;
  readonly node: N3.Term;
  readonly targets: readonly string[];
  readonly base: readonly Quad[];
  readonly properties: readonly { index: number; path: string | undefined; required: boolean; quads: readonly Quad[] }[];
  /** Constraints of its property shapes checked in code (see compiled-constraints.ts). */
  readonly checks: readonly CompiledConstraint['check'][];
}

/**
 * rdf-validate-shacl counts the checks of each (focus node, shape) pair to stop recursive shapes
 * (`maxNodeChecks`, default 50), at the cost of a JSON.stringify per check; past the limit a node
 * counts as conforming. Our shapes nest only sh:or alternatives and qualified value shapes, never
 * a shape within itself, so the count is off.
 */
const VALIDATOR_OPTIONS: Options & { maxNodeChecks: number } = {
  maxNodeChecks: 0,
  // The library's own environment, with a compact dataset for the shapes graphs (and the SHACL
  // vocabulary each validator reads): see IndexedDataset.
  factory: Object.assign(Object.create(defaultEnvironment as object) as object, {
    dataset: (quads?: Iterable<Quad>) => new IndexedDataset(quads),
  }),
};

/**
 * What a cached validator holds, estimated from the quads of its shapes graph: its dataset, its
 * Shape and Constraint objects, and a fixed part (the SHACL vocabulary that every validator reads
 * into a dataset of its own, its constraint components). Measured with process.memoryUsage() after
 * forced GCs: 12 validators of 40–10,700 shapes quads, as built, fit ~1.3 MB + ~115 bytes a quad;
 * the 8 that validating the sample's files built and used held 12.3 MB for 12,000 quads, where
 * this estimate says 17.2 MB. It errs on the high side, so the budget holds.
 */
const VALIDATOR_BYTES = 1_500_000;
const BYTES_PER_SHAPES_QUAD = 500;

/**
 * The validators kept by default: a write touches one to four (one per level of its nodes), and
 * a service sees a few dozen kinds of record, ~1–5 MB each.
 */
export const DEFAULT_VALIDATOR_CACHE_BYTES = 48 * 1024 * 1024;

/** A SHACL validator built from some of a tier's shapes, and those shapes' node shapes. */
interface PrunedValidator {
  readonly validator: SHACLValidator;
  readonly shapes: readonly IndexedShape[];
  /** The estimate of what it holds (see VALIDATOR_BYTES). */
  readonly bytes: number;
}

/** Options of {@link RecordValidator}. */
export interface RecordValidatorOptions {
  /**
   * `false` leaves every constraint to rdf-validate-shacl (the reference the compiled checks are
   * tested against). Default true.
   */
  readonly compile?: boolean;
  /**
   * What the cached validators may hold, in bytes (estimated from their shapes' quads); the least
   * recently used go first. Default {@link DEFAULT_VALIDATOR_CACHE_BYTES}.
   */
  readonly cacheBytes?: number;
}

/** Options of {@link RecordValidator.validate}. */
export interface ValidateOptions {
  /** Validate every configuration at this tier instead of the tier it declares. */
  tier?: Tier;
  /**
   * Report only issues about these focus nodes. Used when a record is validated together with the
   * type triples of the records it references: those nodes are not the record's to fix.
   */
  owns?: (focusNode: string) => boolean;
  /**
   * What a linked node that the data does not type at all is (see {@link RecordValidator}):
   * `registered` (default) — the caller added the types of every record registered here, so the
   * node is not registered; `given` — the data is all there is (files validated offline), so the
   * node is missing from it.
   */
  references?: 'registered' | 'given';
}

/**
 * Sets the data graph of a validator, as its `validate` does before it validates every target:
 * here the focus nodes are chosen by the caller and checked one by one with
 * `validateNodeAgainstShape`. (The library's environment and clownface ship without types.)
 */
function bindDataGraph(validator: SHACLValidator, data: N3.Store): void {
  const env = validator.factory as unknown as { clownface(options: { dataset: MatchDataset }): unknown };
  (validator as unknown as { $data: unknown }).$data = env.clownface({ dataset: new MatchDataset(data) });
}

/** Leaves a validator bound to an empty data graph and report, as it was built. */
function unbindDataGraph(validator: SHACLValidator): void {
  const env = validator.factory as unknown as { clownface(options: { dataset: MatchedQuads }): unknown };
  (validator as unknown as { $data: unknown }).$data = env.clownface({ dataset: new MatchedQuads([]) });
  validator.validationEngine.initReport();
}

function quadKey(q: Quad): string {
  return `${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`;
}

function isLevel(value: number): value is Level {
  return (LEVELS as readonly number[]).includes(value);
}

/**
 * Validates RDF data against the shapes in `shapes/`, tier-aware.
 *
 * A hardware configuration declares its tier (`phd:tier`); it and everything in it (its components
 * and their nested elements, i.e. nodes under the configuration's IRI) are validated with the
 * shapes of that tier. Every other node (and a configuration declaring tier 0, a partial
 * description) is validated at level 0: the record shapes and the NBO-Q value shapes, no
 * required fields — a tier is a completeness claim only a configuration makes.
 * The ontology's subclass axioms are added to the data graph for the duration of validation, so
 * `sh:class nboq:Detector` accepts a `nboq:CMOS`. PID check digits are checked in code.
 *
 * Only the nodes the caller owns are focus nodes, each checked against the shapes that target its
 * classes at its own level. Two costly constraint patterns are checked in code (see
 * compiled-constraints.ts). Validators are built once per tier and set of shapes, and reused
 * while they fit the cache's byte budget; {@link RecordValidator.releaseCaches} drops them all
 * (after a bulk load, whose variety of records would otherwise stay cached in an idle service).
 */
export class RecordValidator {
  /** Insertion order is use order: a hit moves its entry to the end, eviction takes from the start. */
  private readonly validators = new Map<string, PrunedValidator>();
  private cachedBytes = 0;
  private readonly cacheBytes: number;
  private readonly shapeIndexes = new Map<Level, readonly IndexedShape[]>();
  /** Each ontology class's superclasses, transitively. */
  private readonly ancestors = new Map<string, readonly string[]>();
  private readonly subclassAxioms: Quad[];
  /** Each ontology class's label (`organization`), to name a missing link target. */
  private readonly classLabels = new Map<string, string>();
  /** Per level, the `sh:class` of each property shape (keyed by its node), to explain class violations. */
  private readonly shapeClasses = new Map<Level, Map<string, string>>();

  private readonly compile: boolean;

  /** @param options - whether constraints are compiled, and the cache's budget. */
  public constructor(options: RecordValidatorOptions = {}) {
    this.compile = options.compile ?? true;
    this.cacheBytes = options.cacheBytes ?? DEFAULT_VALIDATOR_CACHE_BYTES;
    const ontology = readTurtleDir(ONTOLOGY_DIR);
    this.subclassAxioms = ontology.filter((q) => q.predicate.value === RDFS.subClassOf && q.object.termType === 'NamedNode');
    for (const q of ontology) {
      if (q.predicate.value !== RDFS.label || q.object.termType !== 'Literal' || !['', 'en'].includes(q.object.language)) continue;
      if (q.object.language === 'en' || !this.classLabels.has(q.subject.value)) this.classLabels.set(q.subject.value, q.object.value);
    }
    const superclasses = new Map<string, string[]>();
    for (const axiom of this.subclassAxioms) {
      superclasses.set(axiom.subject.value, [...(superclasses.get(axiom.subject.value) ?? []), axiom.object.value]);
    }
    // Every class's superclasses, transitively, once: focus nodes look theirs up on every validation.
    for (const cls of superclasses.keys()) {
      const found = new Set<string>();
      const queue = [...(superclasses.get(cls) ?? [])];
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
        if (found.has(next)) continue;
        found.add(next);
        queue.push(...(superclasses.get(next) ?? []));
      }
      this.ancestors.set(cls, [...found]);
    }
  }

  /**
   * Drops every cached validator and shape index; the next validation builds what it needs again.
   */
  public releaseCaches(): void {
    this.validators.clear();
    this.cachedBytes = 0;
    this.shapeIndexes.clear();
    this.shapeClasses.clear();
  }

  /** @returns what the cached validators hold, estimated in bytes, and how many there are. */
  public cacheUsage(): { bytes: number; validators: number; tiers: number } {
    return { bytes: this.cachedBytes, validators: this.validators.size, tiers: this.shapeIndexes.size };
  }

  /**
   * @param quads - the data graph (named graphs are merged: one record, or several).
   * @param options - an optional tier override.
   * @returns the report; `conforms` is false when any issue is a violation.
   */
  public validate(quads: Iterable<Quad>, options: ValidateOptions = {}): Promise<ValidationReport> {
    try {
      return Promise.resolve(this.validateNow(quads, options));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private validateNow(quads: Iterable<Quad>, options: ValidateOptions): ValidationReport {
    const store = new N3.Store();
    for (const q of quads) store.addQuad(q.subject, q.predicate, q.object);
    const pidIssues = checkPids(store);
    const groups = this.tierGroups(store, options.tier);
    const classes = this.classesOf(store);
    const predicates = new Set(store.getPredicates(null, null, null).map((p) => p.value));
    // SHACL reads rdfs:subClassOf from the data graph: add the axioms among the classes present.
    for (const axiom of this.subclassAxioms) if (classes.has(axiom.subject.value)) store.addQuad(axiom);

    // The focus nodes of each level: every typed node the caller owns, at its group's level. Nodes
    // the caller does not own (the typed stubs of referenced records) are never focus nodes, and
    // each node is checked against its own level's shapes only — not the whole graph once per level.
    const focusByLevel = new Map<Level, N3.Term[]>();
    const levelsOf = new Map<string, Level[]>();
    for (const [level, nodes] of groups) for (const node of nodes) levelsOf.set(node, [...(levelsOf.get(node) ?? []), level]);
    for (const node of store.getSubjects(RDF_TYPE, null, null)) {
      const label = termKey(node);
      if (options.owns !== undefined && !options.owns(label)) continue;
      for (const level of levelsOf.get(label) ?? [0]) {
        const nodes = focusByLevel.get(level);
        if (nodes === undefined) focusByLevel.set(level, [node]);
        else nodes.push(node);
      }
    }

    const issues: ValidationIssue[] = pidIssues.filter((issue) => options.owns?.(issue.focusNode) ?? true);
    for (const [level, focusNodes] of focusByLevel) {
      const { validator, shapes } = this.validator(level, classes, predicates);
      const engine = validator.validationEngine;
      engine.initReport();
      bindDataGraph(validator, store);
      try {
        for (const node of focusNodes) {
          const nodeClasses = this.classClosure(store.getObjects(node, RDF_TYPE, null).map((t) => t.value));
          for (const shape of shapes) {
            if (!shape.targets.some((t) => nodeClasses.has(t))) continue;
            validator.validateNodeAgainstShape(node, shape.node);
            for (const check of shape.checks) issues.push(...check(store, node));
          }
        }
        for (const result of engine.getReport().results) issues.push(this.explainLink(this.issueOf(result), level, store, options));
      } finally {
        // A cached validator must not keep this data graph (and its report) alive until its next use.
        unbindDataGraph(validator);
      }
    }
    issues.sort((a, b) => a.focusNode.localeCompare(b.focusNode) || (a.path ?? '').localeCompare(b.path ?? ''));
    return { conforms: !issues.some((i) => i.severity === 'Violation'), issues };
  }

  /**
   * A validator holding only the shapes that can matter for this data: node shapes that target a
   * class present (with its superclasses), and of those only the property shapes that require
   * something (sh:minCount, sh:qualifiedMinCount) or whose path occurs in the data — a value
   * constraint (datatype, enumeration, class, maxCount) holds trivially for a property with no
   * values. Validation cost grows with the shapes evaluated, and a record uses a handful of the ~250
   * classes and a fraction of their fields. Validators are cached by tier, classes and predicates.
   */
  private validator(tier: Level, classes: ReadonlySet<string>, predicates: ReadonlySet<string>): PrunedValidator {
    const shapes = this.shapeIndex(tier).filter((shape) => shape.targets.some((t) => classes.has(t)));
    const selected: Quad[] = [];
    const keyParts: string[] = [String(tier)];
    for (const shape of shapes) {
      selected.push(...shape.base);
      keyParts.push(shape.id);
      for (const property of shape.properties) {
        if (property.required || property.path === undefined || predicates.has(property.path)) {
          selected.push(...property.quads);
          keyParts.push(String(property.index));
        }
      }
    }
    const key = keyParts.join(' ');
    let validator = this.validators.get(key);
    if (validator !== undefined) {
      this.validators.delete(key);
      this.validators.set(key, validator);
      return validator;
    }
    validator = { validator: new SHACLValidator(new MatchedQuads(selected), VALIDATOR_OPTIONS), shapes, bytes: VALIDATOR_BYTES + selected.length * BYTES_PER_SHAPES_QUAD };
    for (const [oldest, entry] of this.validators) {
      if (this.cachedBytes + validator.bytes <= this.cacheBytes) break;
      this.validators.delete(oldest);
      this.cachedBytes -= entry.bytes;
    }
    // One validator larger than the whole budget is used and not kept.
    if (validator.bytes <= this.cacheBytes) {
      this.validators.set(key, validator);
      this.cachedBytes += validator.bytes;
    }
    return validator;
  }

  /**
   * Each node shape of a tier: its target classes, its own triples, and its property shapes with
   * their triples (closure over blank nodes), path, and whether they require a value.
   */
  private shapeIndex(tier: Level): readonly IndexedShape[] {
    let index = this.shapeIndexes.get(tier);
    if (index !== undefined) return index;
    const store = new IndexedDataset(shapesForTier(tier));
    const closure = (start: N3.Term): Quad[] => {
      const quads: Quad[] = [];
      const queue: N3.Term[] = [start];
      const seen = new Set<string>();
      while (queue.length > 0) {
        const node = queue.pop();
        if (node === undefined || seen.has(node.value)) continue;
        seen.add(node.value);
        for (const q of store.getQuads(node, null, null, null)) {
          quads.push(q);
          if (q.object.termType === 'BlankNode') queue.push(q.object);
        }
      }
      return quads;
    };
    const SH_PROPERTY = SH.property;
    const classes = new Map<string, string>();
    this.shapeClasses.set(tier, classes);
    let counter = 0;
    index = store.getSubjects(namedNode(SH.targetClass)).map((shape) => {
      const own = store.getQuads(shape, null, null, null);
      const base: Quad[] = [];
      for (const q of own) {
        if (q.predicate.value !== SH_PROPERTY) base.push(q);
        else if (q.object.termType !== 'BlankNode') base.push(q);
      }
      // The shape's own non-property blank nodes (sh:or lists, sh:in lists) come with it.
      for (const q of [...base]) if (q.object.termType === 'BlankNode') base.push(...closure(q.object));
      const checks: CompiledConstraint['check'][] = [];
      const properties = own.filter((q) => q.predicate.value === SH_PROPERTY && q.object.termType === 'BlankNode').map((q) => {
        let quads = [q, ...closure(q.object)];
        const compiled = this.compile ? compileConstraint(store, q.object) : undefined;
        if (compiled !== undefined) {
          checks.push(compiled.check);
          const replaced = new Set(compiled.replaces.map(quadKey));
          quads = quads.filter((quad) => !replaced.has(quadKey(quad)));
        }
        const path = store.getObjects(q.object, namedNode(SH.path))[0];
        const linked = store.getObjects(q.object, namedNode(SH.class))[0];
        if (linked?.termType === 'NamedNode') classes.set(termKey(q.object), linked.value);
        const required = store.getQuads(q.object, namedNode(SH.minCount), null, null).length > 0 ||
          store.getQuads(q.object, namedNode(SH.qualifiedMinCount), null, null).length > 0;
        return { index: counter++, path: path?.termType === 'NamedNode' ? path.value : undefined, required, quads };
      });
      return { id: shape.value, node: shape, targets: store.getObjects(shape, namedNode(SH.targetClass)).map((t) => t.value), base, properties, checks };
    });
    this.shapeIndexes.set(tier, index);
    return index;
  }

  /** The classes of the data: asserted types and all their superclasses. */
  private classesOf(store: N3.Store): Set<string> {
    return this.classClosure(store.getObjects(null, RDF_TYPE, null).map((t) => t.value));
  }

  /** These classes and all their superclasses. */
  private classClosure(asserted: readonly string[]): Set<string> {
    const classes = new Set<string>(asserted);
    for (const cls of asserted) for (const ancestor of this.ancestors.get(cls) ?? []) classes.add(ancestor);
    return classes;
  }

  /** Focus nodes per tier: each configuration with its components and nested nodes. */
  private tierGroups(store: N3.Store, override: Tier | undefined): Map<Level, Set<string>> {
    const groups = new Map<Level, Set<string>>();
    const tierOf = new Map<string, Level>();
    for (const configuration of store.getSubjects(RDF_TYPE, CONFIGURATION, null)) {
      const declared = Number(store.getObjects(configuration, TIER, null)[0]?.value ?? 1);
      const tier: Level = override ?? (isLevel(declared) ? declared : 1);
      tierOf.set(configuration.value, tier);
      const members = groups.get(tier) ?? new Set<string>();
      members.add(configuration.value);
      for (const component of store.getObjects(configuration, HAS_COMPONENT, null)) members.add(termKey(component));
      groups.set(tier, members);
    }
    // Nodes under a configuration's IRI ({configuration}/component/…/range/1) belong to it.
    if (tierOf.size > 0) {
      for (const subject of store.getSubjects(null, null, null)) {
        if (subject.termType !== 'NamedNode') continue;
        for (let cut = subject.value.lastIndexOf('/'); cut > 0; cut = subject.value.lastIndexOf('/', cut - 1)) {
          const tier = tierOf.get(subject.value.slice(0, cut));
          if (tier !== undefined) {
            groups.get(tier)?.add(subject.value);
            break;
          }
        }
      }
    }
    if (override !== undefined && !groups.has(override)) groups.set(override, new Set());
    return groups;
  }

  /**
   * A link to a node of the wrong class, said in words. The records a write links to are validated
   * as their type triples (the caller adds those of every registered record it references), so a
   * linked node with no type at all is not registered here: the issue names it and what it should
   * be ("organization https://ror.org/… is not registered here — register it first") instead of
   * the property shape's message, which speaks of cardinality ("exactly one organization"). A node
   * typed otherwise is named with the class it has. Nodes the caller owns (parts of the record
   * itself) keep the shape's message. focusNode, path and severity stay as SHACL reported them.
   */
  private explainLink(issue: ValidationIssue, level: Level, data: N3.Store, options: ValidateOptions): ValidationIssue {
    const target = issue.value;
    if (issue.sourceConstraint !== SH.ClassConstraintComponent || target === undefined || target.startsWith('_:') || options.owns?.(target) === true) return issue;
    const expected = issue.sourceShape === undefined ? undefined : this.shapeClasses.get(level)?.get(issue.sourceShape);
    if (expected === undefined) return issue;
    const name = this.classLabels.get(expected) ?? expected;
    const types = data.getObjects(namedNode(target), RDF_TYPE, null).map((t) => t.value);
    let message: string;
    if (types.length > 0) {
      const has = types.map((t) => this.classLabels.get(t) ?? t).join(', ');
      message = `${target} is registered here as ${article(has)} ${has}, not as ${article(name)} ${name}: link ${article(name)} ${name}.`;
    } else if (options.references === 'given') {
      message = `${name} ${target} is not in the data validated — add its record, or register it on the service first.`;
    } else {
      message = `${name} ${target} is not registered here — register it first.`;
    }
    return { ...issue, message };
  }

  private issueOf(result: ValidationResult): ValidationIssue {
    const severity = (result.severity?.value.replace(PREFIXES.sh, '') ?? 'Violation') as Severity;
    const path = result.path;
    let pathLabel: string | undefined;
    if (path?.termType === 'NamedNode') pathLabel = path.value;
    else if (path?.termType === 'BlankNode') {
      const inverse = [...result.dataset.match(path, namedNode(SH.inversePath), null)][0];
      pathLabel = inverse === undefined ? undefined : `^${inverse.object.value}`;
    }
    const message = result.message.map((m) => m.value).join(' ') || 'Constraint not satisfied.';
    return {
      focusNode: termKey(result.focusNode),
      ...(pathLabel === undefined ? {} : { path: pathLabel }),
      message,
      severity,
      ...(result.value ? { value: termKey(result.value) } : {}),
      ...(result.sourceConstraintComponent ? { sourceConstraint: result.sourceConstraintComponent.value } : {}),
      ...(result.sourceShape ? { sourceShape: termKey(result.sourceShape) } : {}),
    };
  }
}

/** The indefinite article for a class label (`an organization`, `a facility`). */
function article(label: string): string {
  return /^[aeiou]/i.test(label) ? 'an' : 'a';
}
