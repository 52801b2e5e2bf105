import N3 from 'n3';
import type { Quad, Term } from 'n3';
import { PREFIXES, PHD_NS, termHref } from '../domain/index.js';
import type { NamespaceSummary, NamespaceView, OntologyIndexView, ShapeConstraint, TermKind, TermRef, TermSummary, TermUnits, TermView, ValueView } from './ontology-views.js';
import { readVocabularyDocuments } from './vocabulary-documents.js';
import type { VocabularyDocument } from './vocabulary-documents.js';

const { namedNode } = N3.DataFactory;
const RDF = PREFIXES.rdf;
const RDFS = PREFIXES.rdfs;
const OWL = PREFIXES.owl;
const SH = PREFIXES.sh;
const SKOS = PREFIXES.skos;
const NBOQ = PREFIXES.nboq;
const TYPE = `${RDF}type`;
/** Set by the methods text's engineer on the terms a methods section reports; shown when present. */
const METHODS_ITEM = `${PHD_NS}methodsItem`;

const PROPERTY_TYPES = new Set([`${OWL}ObjectProperty`, `${OWL}DatatypeProperty`, `${OWL}AnnotationProperty`, `${RDF}Property`]);

function kindOf(types: readonly string[]): TermKind {
  if (types.includes(`${OWL}Class`) || types.includes(`${RDFS}Class`)) return 'class';
  if (types.some((t) => PROPERTY_TYPES.has(t))) return 'property';
  if (types.includes(`${PREFIXES.qudt}Unit`)) return 'unit';
  if (types.includes(`${SH}NodeShape`)) return 'shape';
  if (types.includes(`${SKOS}Concept`) || types.includes(`${SKOS}ConceptScheme`)) return 'concept';
  return 'other';
}

/** The compact name of an IRI under {@link PREFIXES} (the longest namespace that fits), else the IRI. */
function curieOf(iri: string): string {
  let best: [string, string] | undefined;
  for (const [prefix, namespace] of Object.entries(PREFIXES)) {
    if (iri.startsWith(namespace) && iri.length > namespace.length && /^[A-Za-z0-9_.-]+$/.test(iri.slice(namespace.length))) {
      if (best === undefined || namespace.length > best[1].length) best = [prefix, namespace];
    }
  }
  return best === undefined ? iri : `${best[0]}:${iri.slice(best[1].length)}`;
}

/**
 * The ontology and shapes of the service, read from the files it ships, as the views of its
 * documentation: the index of `/ontology`, the namespace documents, and one view per term. Built
 * once (the files do not change while the service runs); see {@link OntologyCatalog.shared}.
 */
export class OntologyCatalog {
  private static instance: OntologyCatalog | undefined;
  private readonly store = new N3.Store();

  /** @param documents - the namespace documents (see {@link readVocabularyDocuments}). */
  public constructor(public readonly documents: readonly VocabularyDocument[]) {
    for (const document of documents) for (const file of document.files) this.store.addQuads([...file.quads]);
  }

  /**
   * The catalog of the package's files, read on first use.
   * @returns the one catalog of this process.
   */
  public static shared(): OntologyCatalog {
    OntologyCatalog.instance ??= new OntologyCatalog(readVocabularyDocuments());
    return OntologyCatalog.instance;
  }

  /**
   * @param prefix - a namespace prefix.
   * @returns its document, or undefined for a prefix that is not ours.
   */
  public document(prefix: string): VocabularyDocument | undefined {
    return this.documents.find((d) => d.prefix === prefix);
  }

  private objects(subject: string | Term, predicate: string): Term[] {
    return this.store.getObjects(typeof subject === 'string' ? namedNode(subject) : subject, namedNode(predicate), null);
  }

  private subjects(predicate: string, object: string | Term): Term[] {
    return this.store.getSubjects(namedNode(predicate), typeof object === 'string' ? namedNode(object) : object, null);
  }

  /** The English (or untagged, or any) literal of a predicate. */
  private text(subject: string | Term, predicate: string): string | undefined {
    const literals = this.objects(subject, predicate).filter((t): t is N3.Literal => t.termType === 'Literal');
    return (literals.find((l) => l.language === 'en') ?? literals.find((l) => l.language === '') ?? literals[0])?.value;
  }

  private number(subject: string | Term, predicate: string): number | undefined {
    const value = this.text(subject, predicate);
    return value === undefined || Number.isNaN(Number(value)) ? undefined : Number(value);
  }

  /**
   * An IRI as pages show it.
   * @param iri - any IRI.
   * @returns its compact name, label (from our files) and page here.
   */
  public ref(iri: string): TermRef {
    return { iri, curie: curieOf(iri), label: this.text(iri, `${RDFS}label`) ?? this.text(iri, `${SKOS}prefLabel`), href: termHref(iri) };
  }

  private value(term: Term): ValueView {
    if (term.termType === 'NamedNode') return { text: curieOf(term.value), term: this.ref(term.value) };
    if (term.termType === 'Literal') return { text: term.value };
    const members = this.list(term);
    if (members !== undefined) return { text: members.map((m) => this.value(m).text).join(' ') };
    const union = this.objects(term, `${OWL}unionOf`)[0];
    if (union !== undefined) return { text: `union of ${this.value(union).text}` };
    return { text: '(a nested description)' };
  }

  /** The members of an RDF list, or undefined when the node is not one. */
  private list(head: Term): Term[] | undefined {
    const members: Term[] = [];
    let node: Term | undefined = head;
    while (node !== undefined && node.value !== `${RDF}nil`) {
      const first = this.objects(node, `${RDF}first`)[0];
      if (first === undefined) return undefined;
      members.push(first);
      node = this.objects(node, `${RDF}rest`)[0];
    }
    return members;
  }

  /** Named terms a value stands for: itself, or the members of its `owl:unionOf`. */
  private named(term: Term): TermRef[] {
    if (term.termType === 'NamedNode') return [this.ref(term.value)];
    const union = this.objects(term, `${OWL}unionOf`)[0];
    const members = union === undefined ? undefined : this.list(union);
    return (members ?? []).filter((m) => m.termType === 'NamedNode').map((m) => this.ref(m.value));
  }

  private summary(iri: string, localName: string): TermSummary {
    const types = this.objects(iri, TYPE).map((t) => t.value);
    return {
      ...this.ref(iri), localName, kind: kindOf(types),
      comment: this.text(iri, `${RDFS}comment`) ?? this.text(iri, `${SKOS}definition`),
      tier: this.number(iri, `${NBOQ}tier`),
    };
  }

  /** The terms declared (given an `rdf:type`) in a namespace, by local name. */
  private termsOf(document: VocabularyDocument): TermSummary[] {
    const seen = new Set<string>();
    for (const quad of this.store.getQuads(null, namedNode(TYPE), null, null)) {
      const iri = quad.subject.value;
      if (quad.subject.termType === 'NamedNode' && iri.startsWith(document.namespace) && iri.length > document.namespace.length) seen.add(iri);
    }
    return [...seen].map((iri) => this.summary(iri, iri.slice(document.namespace.length)))
      .sort((a, b) => a.localName.localeCompare(b.localName, 'en'));
  }

  private namespaceSummary(document: VocabularyDocument, terms: number): NamespaceSummary {
    const ontology = document.files.flatMap((f) => f.quads).find((q) => q.predicate.value === TYPE && q.object.value === `${OWL}Ontology`)?.subject.value;
    return {
      prefix: document.prefix, namespace: document.namespace, path: document.path, files: document.files.map((f) => f.path),
      title: ontology === undefined ? undefined : this.text(ontology, `${RDFS}label`),
      comment: ontology === undefined ? undefined : this.text(ontology, `${RDFS}comment`),
      terms,
    };
  }

  /**
   * The namespace document of a prefix, as a page.
   * @param prefix - `phd`, `nboq`, `phdunit` or `phdsh`.
   * @returns every term declared in the namespace, or undefined for another prefix.
   */
  public namespace(prefix: string): NamespaceView | undefined {
    const document = this.document(prefix);
    if (document === undefined) return undefined;
    const termList = this.termsOf(document);
    return { ...this.namespaceSummary(document, termList.length), termList };
  }

  /**
   * The index of `/ontology`.
   * @returns the namespaces, and every class and property of our namespaces with its label.
   */
  public index(): OntologyIndexView {
    const all = this.documents.map((document) => ({ document, terms: this.termsOf(document) }));
    const terms = all.flatMap((a) => a.terms);
    return {
      namespaces: all.map(({ document, terms: list }) => this.namespaceSummary(document, list.length)),
      classes: terms.filter((t) => t.kind === 'class'),
      properties: terms.filter((t) => t.kind === 'property'),
    };
  }

  /**
   * The IRI of a term of our namespaces, when the files say anything about it.
   * @param prefix - the namespace prefix.
   * @param localName - the local name.
   * @returns the IRI, or undefined for an unknown term.
   */
  public termIri(prefix: string, localName: string): string | undefined {
    const document = this.document(prefix);
    if (document === undefined || localName === '') return undefined;
    const iri = `${document.namespace}${localName}`;
    return this.store.countQuads(namedNode(iri), null, null, null) > 0 ? iri : undefined;
  }

  /**
   * The statements about a term (and the nested nodes they describe: lists, unions), as written in the files.
   * @param iri - the term.
   * @returns its quads, in the default graph.
   */
  public termQuads(iri: string): Quad[] {
    const out: Quad[] = [];
    const seen = new Set<string>();
    const visit = (subject: Term): void => {
      for (const q of this.store.getQuads(subject, null, null, null)) {
        out.push(N3.DataFactory.quad(q.subject, q.predicate, q.object));
        if (q.object.termType === 'BlankNode' && !seen.has(q.object.value)) {
          seen.add(q.object.value);
          visit(q.object);
        }
      }
    };
    visit(namedNode(iri));
    return out;
  }

  /** The property constraints with a given `sh:path`, or of the node shapes targeting a class. */
  private constraints(iri: string, kind: TermKind): ShapeConstraint[] {
    const propertyShapes: { node: Term; property: Term | undefined }[] = [];
    if (kind === 'class') {
      for (const node of this.subjects(`${SH}targetClass`, iri)) {
        const properties = this.objects(node, `${SH}property`);
        if (properties.length === 0) propertyShapes.push({ node, property: undefined });
        for (const property of properties) propertyShapes.push({ node, property });
      }
    } else if (kind === 'shape') {
      for (const property of this.objects(iri, `${SH}property`)) propertyShapes.push({ node: namedNode(iri), property });
    } else {
      for (const property of this.subjects(`${SH}path`, iri)) {
        for (const node of this.subjects(`${SH}property`, property)) propertyShapes.push({ node, property });
      }
    }
    return propertyShapes.filter(({ node }) => node.termType === 'NamedNode').map(({ node, property }) => {
      const at = property ?? node;
      const file = this.store.getQuads(node, namedNode(TYPE), null, null)[0]?.graph.value ?? '';
      const path = this.objects(at, `${SH}path`)[0];
      const inList = this.objects(at, `${SH}in`)[0];
      const alternatives = this.objects(at, `${SH}or`).flatMap((head) => this.list(head) ?? []);
      const datatypes = [at, ...alternatives].flatMap((node) => this.objects(node, `${SH}datatype`)).map((t) => this.ref(t.value));
      const cls = this.objects(at, `${SH}class`)[0];
      return {
        shape: this.ref(node.value), file,
        targetClasses: this.objects(node, `${SH}targetClass`).map((t) => this.ref(t.value)),
        path: path?.termType === 'NamedNode' ? this.ref(path.value) : undefined,
        name: this.text(at, `${SH}name`),
        minCount: this.number(at, `${SH}minCount`),
        maxCount: this.number(at, `${SH}maxCount`),
        datatypes,
        class: cls?.termType === 'NamedNode' ? this.ref(cls.value) : undefined,
        in: inList === undefined ? undefined : (this.list(inList) ?? []).map((m) => this.value(m)),
        tier: this.number(at, `${NBOQ}tier`),
        message: this.text(at, `${SH}message`),
      };
    }).sort((a, b) => a.file.localeCompare(b.file) || a.shape.curie.localeCompare(b.shape.curie) || (a.path?.curie ?? '').localeCompare(b.path?.curie ?? ''));
  }

  private units(iri: string): TermUnits | undefined {
    const unitProperty = this.subjects(`${NBOQ}unitOf`, iri)[0];
    const unitOf = this.objects(iri, `${NBOQ}unitOf`)[0];
    const canonical = this.subjects(`${NBOQ}canonicalOf`, iri)[0];
    if (unitProperty === undefined && unitOf === undefined && canonical === undefined) return undefined;
    const carrier = unitProperty?.value ?? (unitOf === undefined ? undefined : iri);
    const allowed = new Map<string, TermRef>();
    if (carrier !== undefined) {
      for (const c of this.constraints(carrier, 'property')) for (const v of c.in ?? []) if (v.term !== undefined) allowed.set(v.term.iri, v.term);
    }
    const canonicalUnit = canonical === undefined ? undefined : this.objects(canonical, `${NBOQ}canonicalUnit`)[0];
    return {
      unitProperty: unitProperty === undefined ? undefined : this.ref(unitProperty.value),
      unitOf: unitOf === undefined ? undefined : this.ref(unitOf.value),
      allowed: [...allowed.values()],
      canonical: canonical === undefined ? undefined : { property: this.ref(canonical.value), unit: canonicalUnit === undefined ? undefined : this.ref(canonicalUnit.value) },
    };
  }

  /**
   * The view of one term (without the examples from the store: see termExamples).
   * @param prefix - the namespace prefix (`nboq`).
   * @param localName - the local name (`Objective`).
   * @returns the view, or undefined for an unknown term.
   */
  public term(prefix: string, localName: string): TermView | undefined {
    const iri = this.termIri(prefix, localName);
    const document = this.document(prefix);
    if (iri === undefined || document === undefined) return undefined;
    const summary = this.summary(iri, localName);
    const isClass = summary.kind === 'class';
    const up = isClass ? `${RDFS}subClassOf` : `${RDFS}subPropertyOf`;
    const refs = (terms: readonly Term[]): TermRef[] => terms.flatMap((t) => this.named(t));
    return {
      ...summary,
      prefix: document.prefix,
      documentHref: `${document.path}#${localName}`,
      types: this.objects(iri, TYPE).map((t) => this.ref(t.value)),
      definition: this.text(iri, `${SKOS}definition`),
      domain: refs(this.objects(iri, `${RDFS}domain`)),
      range: refs(this.objects(iri, `${RDFS}range`)),
      superTerms: refs(this.objects(iri, up)),
      subTerms: this.subjects(up, iri).filter((t) => t.termType === 'NamedNode').map((t) => this.ref(t.value)).sort((a, b) => a.curie.localeCompare(b.curie)),
      units: summary.kind === 'property' ? this.units(iri) : undefined,
      shapes: this.constraints(iri, summary.kind),
      methodsItems: this.objects(iri, METHODS_ITEM).map((t) => (t.termType === 'Literal' ? t.value : curieOf(t.value))),
      statements: this.store.getQuads(namedNode(iri), null, null, null).map((q) => ({ predicate: this.ref(q.predicate.value), object: this.value(q.object) })),
    };
  }
}
