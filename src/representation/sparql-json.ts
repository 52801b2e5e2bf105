/** One RDF term of a SPARQL 1.1 Query Results JSON document. */
export interface SparqlTerm {
  readonly type: string;
  readonly value: string;
  readonly datatype?: string;
  readonly 'xml:lang'?: string;
}

/** One solution: variable name → term (absent when unbound). */
export type SparqlBinding = Readonly<Record<string, SparqlTerm | undefined>>;

/** A SPARQL 1.1 Query Results JSON document: solutions (SELECT) or a boolean (ASK). */
export interface SparqlResults {
  readonly head: { readonly vars?: readonly string[] };
  readonly boolean?: boolean;
  readonly results?: { readonly bindings: readonly SparqlBinding[] };
}

/** A SELECT result, whose solutions are always present. */
export interface SparqlJson extends SparqlResults {
  readonly results: { readonly bindings: readonly SparqlBinding[] };
}
