import N3 from 'n3';
import type { Quad } from 'n3';
import { DCTERMS, OWL, PHD, PROV, RDFS, XSD } from '../domain/index.js';

const { literal, namedNode, quad } = N3.DataFactory;

/** What a new configuration version is made of: the version it starts from and the changes. */
export interface NewVersionInput {
  /** The version the new one starts from (the latest, which it revises), with its graph. */
  readonly base: { readonly iri: string; readonly quads: readonly Quad[] };
  /** The version the new one revises (`prov:wasRevisionOf`): the latest. */
  readonly revises: string;
  /** The new version's IRI. */
  readonly iri: string;
  readonly versionNumber: number;
  /** YYYY-MM-DD. */
  readonly validFrom: string;
  readonly label: string;
  /** Why the hardware changed, in words: the new version's `rdfs:comment`. */
  readonly changeNote: string;
  /** IRIs of the base's components left out of the new version. */
  readonly remove: readonly string[];
  /** Components added, each with its IRI (under the new version) and triples. */
  readonly add: readonly { readonly iri: string; readonly quads: readonly Quad[] }[];
}

/** Statements about the base version itself that belong to that version only and are not carried over. */
const VERSION_OWN: ReadonlySet<string> = new Set([PHD.validFrom, PHD.versionNumber, PROV.wasRevisionOf, RDFS.comment, RDFS.label, DCTERMS.identifier, OWL.sameAs]);

/** Whether an IRI is a node or its parts: itself, `{node}/…` or `{node}#…`. */
function within(iri: string, node: string): boolean {
  return iri === node || iri.startsWith(`${node}/`) || iri.startsWith(`${node}#`);
}

/**
 * The graph of a new configuration version: the base version's graph with every node renamed under
 * the new IRI (components are named per version, DESIGN §1; their `dcterms:identifier` stays, so the
 * diff ties them), the removed components and what only they reached left out, the added components
 * linked, and the version's own statements — label, `phd:validFrom`, `phd:versionNumber`,
 * `prov:wasRevisionOf` and the change note (`rdfs:comment`). The base version is not touched: a
 * configuration is immutable.
 * @param input - the base version and the changes.
 * @returns the new version's triples, ready for RecordService.createAll.
 */
export function newConfigurationVersion(input: NewVersionInput): Quad[] {
  const { base, iri } = input;
  const rename = <T extends Quad['subject'] | Quad['object']>(term: T): T =>
    (term.termType === 'NamedNode' && within(term.value, base.iri) ? namedNode(`${iri}${term.value.slice(base.iri.length)}`) : term) as T;
  const removed = input.remove.map((component) => `${iri}${component.slice(base.iri.length)}`);
  const gone = (term: Quad['subject'] | Quad['object']) => term.termType === 'NamedNode' && removed.some((r) => within(term.value, r));
  let quads = base.quads
    .filter((q) => !(q.subject.value === base.iri && VERSION_OWN.has(q.predicate.value)))
    .map((q) => quad(rename(q.subject), q.predicate, rename(q.object)))
    .filter((q) => !gone(q.subject) && !gone(q.object));
  // Blank nodes only a removed component reached would be triples about nothing: drop them too.
  for (;;) {
    const reached = new Set(quads.filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType === 'BlankNode').map((q) => q.object.value));
    let grown = true;
    while (grown) {
      grown = false;
      for (const q of quads) {
        if (q.subject.termType === 'BlankNode' && reached.has(q.subject.value) && q.object.termType === 'BlankNode' && !reached.has(q.object.value)) {
          reached.add(q.object.value);
          grown = true;
        }
      }
    }
    const kept = quads.filter((q) => q.subject.termType !== 'BlankNode' || reached.has(q.subject.value));
    if (kept.length === quads.length) break;
    quads = kept;
  }
  const node = namedNode(iri);
  return [
    ...quads,
    quad(node, namedNode(RDFS.label), literal(input.label)),
    quad(node, namedNode(PHD.validFrom), literal(input.validFrom, namedNode(XSD.date))),
    quad(node, namedNode(PHD.versionNumber), literal(String(input.versionNumber), namedNode(XSD.integer))),
    quad(node, namedNode(PROV.wasRevisionOf), namedNode(input.revises)),
    quad(node, namedNode(RDFS.comment), literal(input.changeNote)),
    ...input.add.flatMap((component) => [quad(node, namedNode(PHD.hasComponent), namedNode(component.iri)), ...component.quads]),
  ];
}
