import N3 from 'n3';
import type { Quad, Quad_Object } from 'n3';
import { DCTERMS, parsePid, PREFIXES, RDF, XSD } from '../domain/index.js';
import type { PidScheme, RecordKind } from '../domain/index.js';

const { literal, namedNode, quad } = N3.DataFactory;

/** What a form sent: field name → text (several values of one field joined by newlines). */
export type FormValues = Readonly<Record<string, string>>;

/** What is wrong with a form: field name → a sentence (`''`: the whole form). */
export type FormErrors = Record<string, string>;

/** One field of a record form, as pages draw it and builders read it. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly required?: boolean;
  /**
   * `record`: a registered record of `kind`, offered as a choice; `records`: several, one IRI or
   * PID a line; `select`: one of `choices`.
   */
  readonly type: 'text' | 'url' | 'date' | 'textarea' | 'select' | 'record' | 'records';
  readonly kind?: RecordKind;
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
  /** The field names the record (its PID): fixed once the record exists, except where the form says. */
  readonly identity?: boolean;
}

/** A registered record a form names, checked to exist (and be of its kind) before the service validates. */
export interface Reference {
  readonly field: string;
  readonly kind: RecordKind;
  readonly iri: string;
}

/** What a builder made of a form: the record's triples, or the errors that stop it. */
export interface BuiltRecord {
  /** The record's IRI; `''` when the service names it (written `<>`). */
  readonly subject: string;
  readonly quads: Quad[];
  readonly errors: FormErrors;
  readonly references: readonly Reference[];
  /** Property IRI → the field that wrote it (`^IRI` for a link the record holds about another), to place the service's issues. */
  readonly paths: ReadonlyMap<string, string>;
  /**
   * The PID (its canonical IRI) a record named here (`…/id/…`) is given in an edit, where its form
   * allows it: the record is to be renamed to it (RecordService.adopt); undefined otherwise.
   */
  readonly adopts?: string | undefined;
}

/** A record kind's form: its fields, `fields → quads` and `record graph → fields`. */
export interface RecordForm {
  readonly kind: RecordKind;
  /** The kind in words (`organization`, `instrument model`). */
  readonly noun: string;
  readonly fields: readonly FormField[];
  /**
   * @param values - what the form sent.
   * @param iri - the record's IRI when editing it; undefined for a new record.
   * @returns the record's quads, or errors by field.
   */
  build(values: FormValues, iri?: string): BuiltRecord;
  /**
   * @param quads - the stored record's graph.
   * @param iri - the record's IRI.
   * @returns the form's values, to prefill the edit form.
   */
  read(quads: readonly Quad[], iri: string): Record<string, string>;
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * Builds one record's graph from a form's values with n3's DataFactory (never string templates),
 * collecting what is wrong with each field in words.
 */
export class FormGraph {
  public readonly quads: Quad[] = [];
  public readonly errors: FormErrors = {};
  public readonly references: Reference[] = [];
  public readonly paths = new Map<string, string>();
  public subject: string;
  /** See {@link BuiltRecord.adopts}. */
  public adopts: string | undefined;
  private readonly values: FormValues;
  private readonly fields: ReadonlyMap<string, FormField>;

  /**
   * @param form - the fields (their labels name them in errors).
   * @param values - what the form sent.
   * @param subject - the record's IRI, `''` while the service is to name it.
   */
  public constructor(form: { readonly fields: readonly FormField[] }, values: FormValues, subject: string) {
    this.values = values;
    this.subject = subject;
    this.fields = new Map(form.fields.map((f) => [f.name, f]));
  }

  /** The record, once built. */
  public result(): BuiltRecord {
    // The subject may be named after the triples (a PID read from a field): rename them now.
    const subject = namedNode(this.subject);
    const quads = this.quads.map((q) => (q.subject.value === SELF ? quad(subject, q.predicate, q.object) : q.object.value === SELF ? quad(q.subject, q.predicate, subject) : q));
    return { subject: this.subject, quads, errors: this.errors, references: this.references, paths: this.paths, adopts: this.adopts };
  }

  private label(name: string): string {
    return this.fields.get(name)?.label ?? name;
  }

  /**
   * @param name - a field.
   * @returns its trimmed text, undefined when empty; a required empty field is an error.
   */
  public text(name: string): string | undefined {
    const value = (this.values[name] ?? '').trim();
    if (value !== '') return value;
    if (this.fields.get(name)?.required === true) this.errors[name] = `Enter the ${this.label(name).toLowerCase()}.`;
    return undefined;
  }

  /**
   * @param name - a field of several values, one a line.
   * @param predicate - the property they are written as (the field then owns it in an edit).
   * @returns the non-empty lines.
   */
  public lines(name: string, predicate?: string): string[] {
    if (predicate !== undefined) this.paths.set(predicate, name);
    return (this.values[name] ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  }

  /**
   * @param name - a field holding a PID.
   * @param schemes - the schemes it may be.
   * @returns the PID's canonical IRI and the text as written, or undefined (empty, or an error).
   */
  public pid(name: string, schemes: PidScheme | readonly PidScheme[]): { iri: string; written: string } | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    try {
      return { iri: parsePid(value, schemes).iri, written: value };
    } catch (error) {
      this.errors[name] = (error as Error).message;
      return undefined;
    }
  }

  /**
   * The field holding the record's own PID. A new record is named by it (or, left empty where the
   * kind allows, by the service: `<>`); a stored record keeps its name, and the PID must name it —
   * except a record named here (`…/id/…`) given its PID later where `adoptable` allows: the record
   * is then to be renamed to the PID ({@link BuiltRecord.adopts}; the caller renames it), and the PID
   * is kept as `dcterms:identifier`.
   * @param name - the field.
   * @param schemes - the schemes the PID may be.
   * @param iri - the stored record's IRI, undefined for a new record.
   * @param adoptable - whether a record named here may be renamed to a PID given later.
   */
  public identity(name: string, schemes: PidScheme | readonly PidScheme[], iri: string | undefined, adoptable = false): void {
    this.paths.set(DCTERMS.identifier, name);
    const pid = this.pid(name, schemes);
    if (iri === undefined) {
      if (pid !== undefined) this.subject = pid.iri;
    } else if (pid !== undefined && pid.iri !== iri) {
      if (!adoptable || !/\/id\/[a-z]+\/[^/]+$/.test(iri)) {
        this.errors[name] = `This record is named ${iri}; its ${this.label(name)} cannot change to ${pid.iri}. Register a new record instead.`;
        return;
      }
      this.adopts = pid.iri;
    }
    if (pid !== undefined) this.add(DCTERMS.identifier, literal(pid.written));
  }

  /** A triple about the record. */
  public add(predicate: string, object: Quad_Object): void {
    this.quads.push(quad(namedNode(SELF), namedNode(predicate), object));
  }

  /** `rdf:type`. */
  public type(cls: string): void {
    this.add(RDF.type, namedNode(cls));
  }

  /**
   * A string literal from a field, when it has a value.
   * @returns the text.
   */
  public string(name: string, predicate: string): string | undefined {
    this.paths.set(predicate, name);
    const value = this.text(name);
    if (value !== undefined) this.add(predicate, literal(value));
    return value;
  }

  /**
   * An `xsd:date` from a field (a `YYYY`-only value is an `xsd:gYear` where `years` allows it).
   * @returns the date.
   */
  public date(name: string, predicate: string, years = false): string | undefined {
    this.paths.set(predicate, name);
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (years && /^[0-9]{4}$/.test(value)) {
      this.add(predicate, literal(value, namedNode(`${PREFIXES.xsd}gYear`)));
      return value;
    }
    if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      this.errors[name] = `The ${this.label(name).toLowerCase()} is a date written YYYY-MM-DD${years ? ' (or a year, YYYY)' : ''}, e.g. 2024-05-31; "${value}" is not.`;
      return undefined;
    }
    this.add(predicate, literal(value, namedNode(XSD.date)));
    return value;
  }

  /** A web address from a field (`http`/`https`), as an IRI. */
  public url(name: string, predicate: string): void {
    this.paths.set(predicate, name);
    const value = this.text(name);
    if (value === undefined) return;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      this.errors[name] = `The ${this.label(name).toLowerCase()} is a web address starting with https://; "${value}" is not.`;
      return;
    }
    this.add(predicate, namedNode(url.href));
  }

  /**
   * A value of a field of fixed choices.
   * @param name - the field.
   * @param predicate - the property the value is written as (the field then owns it in an edit).
   * @returns the value.
   */
  public choice(name: string, predicate: string): string | undefined {
    this.paths.set(predicate, name);
    const value = this.text(name);
    if (value === undefined) return undefined;
    const field = this.fields.get(name);
    if (field?.choices !== undefined && !field.choices.some((c) => c.value === value)) {
      this.errors[name] = `Choose the ${this.label(name).toLowerCase()} from the list.`;
      return undefined;
    }
    return value;
  }

  /**
   * Reads an IRI or PID naming a registered record; it is checked to exist before the write.
   * @param name - the field.
   * @param kind - the kind the record must be.
   * @param text - the value (default: the field's own).
   * @returns the record's IRI.
   */
  public reference(name: string, kind: RecordKind, text: string | undefined = this.text(name)): string | undefined {
    if (text === undefined) return undefined;
    let iri: string | undefined;
    try {
      iri = parsePid(text).iri;
    } catch {
      iri = /^https?:\/\/[^\s<>"{}|\\^`]+$/.test(text) ? text : undefined;
    }
    if (iri === undefined) {
      this.errors[name] = `"${text}" is neither a web address (https://…) nor a PID (DOI, ROR, ORCID, RRID, handle).`;
      return undefined;
    }
    this.references.push({ field: name, kind, iri });
    return iri;
  }

  /** A link from the record to a registered record chosen in a field. */
  public link(name: string, kind: RecordKind, predicate: string): string | undefined {
    this.paths.set(predicate, name);
    const iri = this.reference(name, kind);
    if (iri !== undefined) this.add(predicate, namedNode(iri));
    return iri;
  }

  /** Links from the record to several registered records, one a line. */
  public links(name: string, kind: RecordKind, predicate: string): void {
    this.paths.set(predicate, name);
    for (const line of this.lines(name)) {
      const iri = this.reference(name, kind, line);
      if (iri !== undefined) this.add(predicate, namedNode(iri));
    }
  }

  /** A link from a registered record to this one (`<facility> phd:operates <instance>`). */
  public inverse(name: string, kind: RecordKind, predicate: string): void {
    this.paths.set(`^${predicate}`, name);
    const iri = this.reference(name, kind);
    if (iri !== undefined) this.quads.push(quad(namedNode(iri), namedNode(predicate), namedNode(SELF)));
  }
}

/** Stands for the record's IRI while it is being built (it may come from a field read later). */
const SELF = 'urn:x-phd-form:self';

/**
 * @param quads - a record's graph.
 * @param subject - a node.
 * @param predicate - a property.
 * @returns the values of the property on the node, in order.
 */
export function valuesOf(quads: readonly Quad[], subject: string, predicate: string): string[] {
  return quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
}

/**
 * @returns the first value of a property on a node, or `''`.
 */
export function valueOf(quads: readonly Quad[], subject: string, predicate: string): string {
  return valuesOf(quads, subject, predicate)[0] ?? '';
}

/**
 * @returns the subject of the first triple `?s predicate object`, or `''` (a link its child holds).
 */
export function subjectOf(quads: readonly Quad[], predicate: string, object: string): string {
  return quads.find((q) => q.predicate.value === predicate && q.object.value === object)?.subject.value ?? '';
}

/**
 * The record as Turtle for the service (n3's Writer; `''` is written `<>`, which the service names).
 * @param quads - the record's triples.
 * @returns the Turtle text.
 */
export function turtleOf(quads: readonly Quad[]): string {
  const writer = new N3.Writer({ format: 'Turtle' });
  writer.addQuads([...quads]);
  let text = '';
  writer.end((error: Error | null, result: string) => {
    if (error !== null) throw error;
    text = result;
  });
  return text;
}
