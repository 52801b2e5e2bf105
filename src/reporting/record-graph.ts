import N3 from 'n3';
import type { Quad } from 'n3';
import { plainNumber, RDF, RDFS, unitSymbol } from '../domain/index.js';
import type { MethodsOntology } from './methods-ontology.js';

/**
 * A record's graph read for a methods section: the values of a node, quantities with their units
 * (normalised to the canonical unit where the record keeps the canonical value, units.ts), and
 * the NBO-Q class of a node.
 */
export class RecordGraph {
  private readonly store: N3.Store;
  private readonly ontology: MethodsOntology;

  /**
   * @param quads - the record's graph.
   * @param ontology - the ontology (class tree, canonical-value properties).
   */
  public constructor(quads: readonly Quad[], ontology: MethodsOntology) {
    this.store = new N3.Store([...quads]);
    this.ontology = ontology;
  }

  /**
   * The objects of a node's property.
   * @param subject - node IRI.
   * @param property - property IRI.
   * @returns the object terms' values, literal or IRI.
   */
  public objects(subject: string, property: string): string[] {
    return this.store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(property), null).map((t) => t.value);
  }

  /**
   * The nodes a node links to through a property.
   * @param subject - node IRI.
   * @param property - property IRI.
   * @returns the IRIs of the linked nodes.
   */
  public links(subject: string, property: string): string[] {
    return this.store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(property), null).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
  }

  /**
   * The first literal value of a node's property, trimmed; undefined when absent or blank.
   * @param subject - node IRI.
   * @param property - property IRI.
   * @returns the value.
   */
  public text(subject: string, property: string): string | undefined {
    const term = this.store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(property), null).find((t) => t.termType === 'Literal');
    const value = term?.value.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /**
   * A quantity as a methods section writes it: the canonical value in its canonical unit where the
   * record keeps one (`0.488 µm` is written `488 nm`), else the value as recorded with its unit
   * (`{property}Unit`), else the bare number.
   * @param subject - node IRI.
   * @param property - the value property (e.g. nboq:peakWavelength).
   * @returns the value with its unit, or undefined when the node has none.
   */
  public quantity(subject: string, property: string): string | undefined {
    const canonical = this.ontology.mapping.canonicalByProperty.get(property);
    if (canonical !== undefined) {
      const value = this.text(subject, canonical.property);
      const symbol = unitSymbol(canonical.unit);
      if (value !== undefined && symbol !== undefined) return `${plainNumber(value)} ${symbol}`;
    }
    const value = this.text(subject, property);
    if (value === undefined) return undefined;
    const unit = this.links(subject, `${property}Unit`)[0];
    const symbol = unit === undefined ? undefined : unitSymbol(unit);
    return symbol === undefined ? plainNumber(value) : `${plainNumber(value)} ${symbol}`;
  }

  /**
   * The most specific NBO-Q (or PHD) class of a node: the one of its types no other of its types specialises.
   * @param subject - node IRI.
   * @returns the class IRI, or undefined when the node has no type.
   */
  public classOf(subject: string): string | undefined {
    const types = this.links(subject, RDF.type);
    return types.find((t) => !types.some((other) => other !== t && this.ontology.isA(other, t))) ?? types[0];
  }

  /**
   * Whether a node's class is (below) a class.
   * @param subject - node IRI.
   * @param cls - class IRI.
   * @returns true when one of its types is `cls` or a subclass.
   */
  public isA(subject: string, cls: string): boolean {
    return this.links(subject, RDF.type).some((t) => this.ontology.isA(t, cls));
  }

  /**
   * A node's label (`rdfs:label`), else undefined.
   * @param subject - node IRI.
   * @returns the label.
   */
  public label(subject: string): string | undefined {
    return this.text(subject, RDFS.label);
  }
}
