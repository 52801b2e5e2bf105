import type { MethodsCitation, MethodsSegment, MethodsSentence } from './methods-view.js';

/** Writes a methods sentence piece by piece: words, facts with the IRI they come from, and `[missing: …]` markers. */
export class SentenceBuilder {
  private readonly segments: MethodsSegment[] = [];

  /**
   * Adds words.
   * @param text - plain text, spaces included.
   * @returns this builder.
   */
  public text(text: string): this {
    if (text !== '') this.segments.push({ text });
    return this;
  }

  /**
   * Adds a fact from a record, or a missing marker when the record lacks it.
   * @param value - the value as written in the text; undefined when the record lacks it.
   * @param source - the IRI of the record or component it comes from (the sentence cites it).
   * @param missing - what is missing, in words (`objective immersion medium`), when `value` is undefined.
   * @returns this builder.
   */
  public fact(value: string | undefined, source: string, missing: string): this {
    this.segments.push(value === undefined ? { missing } : { fact: value, source });
    return this;
  }

  /**
   * Adds a missing marker.
   * @param what - what a methods section needs and the record lacks.
   * @returns this builder.
   */
  public missing(what: string): this {
    this.segments.push({ missing: what });
    return this;
  }

  /**
   * Adds each item built by `each`, joined as an English list (`a, b and c`).
   * @param items - the items.
   * @param each - writes one item into this builder.
   * @returns this builder.
   */
  public list<T>(items: readonly T[], each: (item: T) => void): this {
    items.forEach((item, i) => {
      if (i > 0) this.text(i === items.length - 1 ? (items.length > 2 ? '; and ' : ' and ') : items.length > 2 ? '; ' : ', ');
      each(item);
    });
    return this;
  }

  /**
   * Whether nothing has been written yet.
   * @returns true when empty.
   */
  public isEmpty(): boolean {
    return this.segments.length === 0;
  }

  /**
   * The sentence, citing every IRI its facts come from (plus `extra`), each once.
   * @param citationOf - how an IRI is cited.
   * @param extra - IRIs cited although no fact names them (a component named by its label only).
   * @returns the sentence.
   */
  public build(citationOf: (iri: string) => MethodsCitation, extra: readonly string[] = []): MethodsSentence {
    const sources = this.segments.flatMap((s) => ('source' in s ? [s.source] : []));
    const cites = [...new Set([...sources, ...extra])].map(citationOf);
    return { segments: [...this.segments], cites };
  }
}
