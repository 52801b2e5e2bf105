import type { NamespacePrefix } from './vocabulary-documents.js';

/** A term or other IRI as pages show it: its compact name, its label, and its page here when it has one. */
export interface TermRef {
  readonly iri: string;
  /** `nboq:Objective`, or the IRI when no prefix fits. */
  readonly curie: string;
  readonly label?: string | undefined;
  /** `termHref(iri)`: the term's page on this service, for terms of our namespaces. */
  readonly href?: string | undefined;
}

/** What a term is, read from its `rdf:type`s. */
export type TermKind = 'class' | 'property' | 'unit' | 'shape' | 'concept' | 'other';

/** A term in a list: index, namespace documents. */
export interface TermSummary extends TermRef {
  readonly localName: string;
  readonly kind: TermKind;
  readonly comment?: string | undefined;
  /** The NBO-Q tier (`nboq:tier`) the ontology states for it. */
  readonly tier?: number | undefined;
}

/** One namespace and its document. */
export interface NamespaceSummary {
  readonly prefix: NamespacePrefix;
  readonly namespace: string;
  /** The namespace document's path (`/ns`). */
  readonly path: string;
  /** The files it is served from (`ontology/phd.ttl`; several for shapes). */
  readonly files: readonly string[];
  readonly title?: string | undefined;
  readonly comment?: string | undefined;
  readonly terms: number;
}

/** A namespace document as a page: every term declared in the namespace. */
export interface NamespaceView extends NamespaceSummary {
  readonly termList: readonly TermSummary[];
}

/** `/ontology`: the namespaces, and every class and property with its label. */
export interface OntologyIndexView {
  readonly namespaces: readonly NamespaceSummary[];
  readonly classes: readonly TermSummary[];
  readonly properties: readonly TermSummary[];
}

/** A value of a statement: a term (linked when it is ours) or a literal's text. */
export interface ValueView {
  readonly text: string;
  readonly term?: TermRef | undefined;
}

/** One SHACL property constraint of one node shape. */
export interface ShapeConstraint {
  /** The node shape (`phdsh:Objective-tier1`). */
  readonly shape: TermRef;
  /** The shapes file it is written in (`shapes/nbo-q-tier-1.ttl`). */
  readonly file: string;
  readonly targetClasses: readonly TermRef[];
  /** The constrained property (`sh:path`; absent for a constraint on the node itself). */
  readonly path?: TermRef | undefined;
  readonly name?: string | undefined;
  readonly minCount?: number | undefined;
  readonly maxCount?: number | undefined;
  /** `sh:datatype`, or the datatypes of an `sh:or` of datatypes (any one of them). */
  readonly datatypes: readonly TermRef[];
  readonly class?: TermRef | undefined;
  /** `sh:in`: the allowed values. */
  readonly in?: readonly ValueView[] | undefined;
  readonly tier?: number | undefined;
  readonly message?: string | undefined;
}

/** The units of a quantity property (NBO-Q writes a value and its unit as two properties). */
export interface TermUnits {
  /** The property giving the unit (`nboq:wavelengthUnit`, annotated `nboq:unitOf`). */
  readonly unitProperty?: TermRef | undefined;
  /** The value property a unit property gives the unit of. */
  readonly unitOf?: TermRef | undefined;
  /** The units the shapes allow (`sh:in` on the unit property). */
  readonly allowed: readonly TermRef[];
  /** The normalised value (`nboq:wavelength_nm`) and its unit. */
  readonly canonical?: { readonly property: TermRef; readonly unit?: TermRef | undefined } | undefined;
}

/** A value or instance of a term found in this store's records. */
export interface TermExample {
  readonly value: ValueView;
  /** The record holding it, and its page. */
  readonly record: string;
  readonly recordHref: string;
}

/** Everything the page of one term shows. */
export interface TermView extends TermSummary {
  readonly prefix: NamespacePrefix;
  /** The namespace document and the anchor of the term in it (`/ns#Facility`). */
  readonly documentHref: string;
  readonly types: readonly TermRef[];
  /** `skos:definition`, where the ontology gives one beside the comment. */
  readonly definition?: string | undefined;
  readonly domain: readonly TermRef[];
  readonly range: readonly TermRef[];
  /** Superclasses or superproperties. */
  readonly superTerms: readonly TermRef[];
  /** Subclasses or subproperties. */
  readonly subTerms: readonly TermRef[];
  readonly units?: TermUnits | undefined;
  /** The SHACL constraints on it: on the property (by `sh:path`), or of shapes targeting the class. */
  readonly shapes: readonly ShapeConstraint[];
  /** `phd:methodsItem`: what a methods section reports of it, where the ontology says so. */
  readonly methodsItems: readonly string[];
  /** Every statement about the term in the files, as written. */
  readonly statements: readonly { readonly predicate: TermRef; readonly object: ValueView }[];
}
