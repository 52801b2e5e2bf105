import type { Quad, Term } from 'n3';
import { oxigraph } from './oxigraph-engine.js';
import { freeEngineObject } from './engine-objects.js';

/** A term the service could store but not serve, and why. */
export interface TermProblem {
  /** The term as written (JSON-quoted, so control characters and spaces show). */
  readonly term: string;
  /** Where it stands in its triple. */
  readonly position: 'subject' | 'predicate' | 'object' | 'datatype' | 'language';
  /** What is wrong with it, in words. */
  readonly reason: string;
}

/**
 * A hierarchical IRI whose path holds a `.` or `..` segment (also spelt `%2E`, as URL parsers read
 * it). RFC 3987 allows it, but every URL parser (the service's routes, browsers, clients) removes
 * such segments, so the IRI could never be dereferenced as itself: `{record}/component/..` would
 * resolve to the record.
 */
const DOT_SEGMENT = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*[^?#]*?\/(?:\.|%2[Ee]){1,2}(?=[/?#]|$)/;

/** With the `u` flag, a surrogate matches only when it is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The first term of a graph that no serialization the service offers could write faithfully, or
 * that its query engine (Oxigraph) would refuse: an IRI that is not an absolute IRI by RFC 3987
 * (spaces, `<>"{}|\^` and backquote, control characters, a second `#`, bad percent-encoding, no
 * scheme…), a blank node label N-Triples cannot write, a language tag that is not BCP 47, or
 * text holding half of a UTF-16 surrogate pair; and an IRI holding Unicode white space, which
 * RFC 3987 allows but JSON-LD cannot write, or a `.`/`..` path segment, which URL parsers remove. Oxigraph's own term constructors are the rule,
 * so what is stored always loads into the SPARQL index and writes as N-Triples, Turtle, RDF/XML
 * and JSON-LD.
 * @param quads - the graph.
 * @returns the first problem, or undefined when every term can be served.
 */
export function unservableTerm(quads: Iterable<Quad>): TermProblem | undefined {
  const checked = new Set<string>();
  const iri = (value: string, position: TermProblem['position']): TermProblem | undefined => {
    if (checked.has(value)) return undefined;
    // RFC 3987 allows U+00A0, U+2028, U+3000…, but JSON-LD processors (jsonld.js) read an IRI with
    // white space as a relative one and cannot write the record: refused, as the ASCII space is.
    const space = /\s/u.exec(value)?.[0];
    if (space !== undefined) {
      return { term: JSON.stringify(value), position, reason: `not an IRI this service can serve: it holds the white space U+${(space.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` };
    }
    try {
      freeEngineObject(oxigraph.namedNode(value));
    } catch (error) {
      return { term: JSON.stringify(value), position, reason: `not an absolute IRI (RFC 3987): ${reasonOf(error)}` };
    }
    if (DOT_SEGMENT.test(value)) {
      return { term: JSON.stringify(value), position, reason: 'not an IRI this service can serve: its path holds a "." or ".." segment, which every URL parser removes (write the IRI without it)' };
    }
    checked.add(value);
    return undefined;
  };
  const term = (t: Term, position: 'subject' | 'predicate' | 'object'): TermProblem | undefined => {
    // Checked before Oxigraph sees the text: crossing into WebAssembly turns a lone surrogate into U+FFFD.
    if (LONE_SURROGATE.test(t.value)) return { term: JSON.stringify(t.value.slice(0, 80)), position, reason: 'holds half of a UTF-16 surrogate pair: not Unicode text' };
    switch (t.termType) {
      case 'NamedNode':
        return iri(t.value, position);
      case 'BlankNode':
        try {
          freeEngineObject(oxigraph.blankNode(t.value));
          return undefined;
        } catch (error) {
          return { term: JSON.stringify(`_:${t.value}`), position, reason: `not a blank node label N-Triples can write: ${reasonOf(error)}` };
        }
      case 'Literal': {
        if (t.language !== '') {
          try {
            freeEngineObject(oxigraph.literal('', t.language));
          } catch (error) {
            return { term: JSON.stringify(t.language), position: 'language', reason: `not a BCP 47 language tag: ${reasonOf(error)}` };
          }
          return undefined;
        }
        if (LONE_SURROGATE.test(t.datatype.value)) return { term: JSON.stringify(t.datatype.value), position: 'datatype', reason: 'holds half of a UTF-16 surrogate pair: not Unicode text' };
        return iri(t.datatype.value, 'datatype');
      }
      default:
        return { term: JSON.stringify(t.value), position, reason: `a ${t.termType} cannot stand in a stored triple` };
    }
  };
  for (const q of quads) {
    const problem = term(q.subject, 'subject') ?? term(q.predicate, 'predicate') ?? term(q.object, 'object');
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/[^\x20-\x7e]/gu, (c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}
