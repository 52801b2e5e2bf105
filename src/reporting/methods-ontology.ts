import N3 from 'n3';
import type { Quad } from 'n3';
import { nboqMapping, PHD_NS, RDFS, vocabulary } from '../domain/index.js';
import type { NboqMapping } from '../domain/index.js';
import { ONTOLOGY_DIR, readTurtleDir, SHAPES_DIR } from '../validation/index.js';

/** The annotation that marks NBO-Q terms for Materials and Methods (declared in ontology/phd.ttl). */
export const METHODS_TERMS = vocabulary(PHD_NS, ['methodsItem'] as const);

/** What the methods text and checklist read from the ontology: class tree, labels, the M&M marking, the NBO-Q mapping. */
export class MethodsOntology {
  private readonly store: N3.Store;
  private readonly ancestors = new Map<string, ReadonlySet<string>>();
  /** The NBO-Q terms marked `phd:methodsItem true`. */
  public readonly methodsItems: ReadonlySet<string>;
  public readonly mapping: NboqMapping;

  /**
   * @param ontology - the quads of ontology/*.ttl.
   * @param shapes - the NBO-Q value and tier shapes (which fields each class has, in schema order).
   */
  public constructor(ontology: readonly Quad[], shapes: readonly Quad[]) {
    this.store = new N3.Store([...ontology]);
    this.mapping = nboqMapping(ontology, shapes);
    const marked = this.store.getQuads(null, N3.DataFactory.namedNode(METHODS_TERMS.methodsItem), null, null);
    this.methodsItems = new Set(marked.filter((q) => q.object.value === 'true').map((q) => q.subject.value));
  }

  /**
   * Whether a class is the other class or one of its subclasses.
   * @param cls - a class IRI.
   * @param ancestor - the class it may specialise.
   * @returns true when `cls` is `ancestor` or below it.
   */
  public isA(cls: string, ancestor: string): boolean {
    return cls === ancestor || this.superclassesOf(cls).has(ancestor);
  }

  /**
   * The English label of a term, else its local name.
   * @param iri - a term IRI.
   * @returns the label.
   */
  public labelOf(iri: string): string {
    const labels = this.store.getObjects(N3.DataFactory.namedNode(iri), N3.DataFactory.namedNode(RDFS.label), null);
    return labels.find((l) => l.termType === 'Literal' && (l.language === 'en' || l.language === ''))?.value ?? iri.replace(/^.*[#/]/, '');
  }

  /**
   * The properties of a class's Micro-Meta App schema, in schema order.
   * @param cls - an NBO-Q class IRI.
   * @returns the property IRIs (none for a class without a schema).
   */
  public fieldsOf(cls: string): readonly string[] {
    return this.mapping.classByIri.get(cls)?.fields.map((f) => f.property) ?? [];
  }

  private superclassesOf(cls: string): ReadonlySet<string> {
    const known = this.ancestors.get(cls);
    if (known !== undefined) return known;
    const found = new Set<string>();
    const walk = (iri: string) => {
      for (const parent of this.store.getObjects(N3.DataFactory.namedNode(iri), N3.DataFactory.namedNode(RDFS.subClassOf), null)) {
        if (parent.termType !== 'NamedNode' || found.has(parent.value)) continue;
        found.add(parent.value);
        walk(parent.value);
      }
    };
    walk(cls);
    this.ancestors.set(cls, found);
    return found;
  }
}

let shipped: MethodsOntology | undefined;

/**
 * The ontology as shipped (ontology/*.ttl and the NBO-Q shapes), read once on first use.
 * @returns the methods ontology.
 */
export function shippedMethodsOntology(): MethodsOntology {
  shipped ??= new MethodsOntology(readTurtleDir(ONTOLOGY_DIR), readTurtleDir(SHAPES_DIR, (name) => /^nbo-q(-tier-\d)?\.ttl$/.test(name)));
  return shipped;
}
