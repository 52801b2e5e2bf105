import { describe, expect, it } from 'vitest';
import { NotAcceptableError } from '../../../src/errors/phd-error.js';
import { acceptForFormatParameter, acceptForFormatParameters, negotiateResultFormat, resultFormatFor } from '../../../src/query/result-formats.js';

const chosen = (type: Parameters<typeof negotiateResultFormat>[0], accept?: string) => negotiateResultFormat(type, accept).mediaType;

describe('negotiateResultFormat', () => {
  it('gives SPARQL JSON for SELECT and ASK and Turtle for graphs when Accept is absent or */*.', () => {
    expect(chosen('SELECT')).toBe('application/sparql-results+json');
    expect(chosen('ASK', '*/*')).toBe('application/sparql-results+json');
    expect(chosen('CONSTRUCT', '')).toBe('text/turtle');
    expect(chosen('DESCRIBE', '*/*')).toBe('text/turtle');
  });

  it('honours exact media types for every format.', () => {
    for (const type of ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']) {
      expect(chosen('SELECT', type)).toBe(type);
    }
    for (const type of ['text/turtle', 'application/n-triples', 'application/n-quads', 'application/ld+json', 'application/rdf+xml']) {
      expect(chosen('CONSTRUCT', type)).toBe(type);
    }
  });

  it('maps application/json and application/xml to the SPARQL result formats, or to JSON-LD and RDF/XML for graphs.', () => {
    expect(chosen('SELECT', 'application/json')).toBe('application/sparql-results+json');
    expect(chosen('ASK', 'application/xml')).toBe('application/sparql-results+xml');
    expect(chosen('CONSTRUCT', 'application/json')).toBe('application/ld+json');
    expect(chosen('DESCRIBE', 'application/xml')).toBe('application/rdf+xml');
  });

  it('follows q-values and wildcards.', () => {
    expect(chosen('SELECT', 'application/sparql-results+json;q=0.5, text/csv')).toBe('text/csv');
    expect(chosen('SELECT', 'text/*;q=0.9, application/sparql-results+xml;q=0.8')).toBe('text/csv');
    expect(chosen('SELECT', 'text/csv;q=0, text/*')).toBe('text/tab-separated-values');
    expect(chosen('CONSTRUCT', 'application/*')).toBe('application/n-triples');
    expect(chosen('SELECT', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('application/sparql-results+xml');
  });

  it('answers 406 listing the available types when nothing fits.', () => {
    expect(() => negotiateResultFormat('SELECT', 'image/png')).toThrow(NotAcceptableError);
    const error = ((): unknown => {
      try {
        negotiateResultFormat('CONSTRUCT', 'text/csv');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NotAcceptableError);
    expect((error as NotAcceptableError).status).toBe(406);
    expect((error as NotAcceptableError).details.available).toEqual(['text/turtle', 'application/n-triples', 'application/n-quads', 'application/ld+json', 'application/rdf+xml']);
  });
});

describe('acceptForFormatParameter', () => {
  it('turns short names into Accept values that fit both query forms.', () => {
    expect(acceptForFormatParameter('json')).toBe('application/sparql-results+json, application/ld+json');
    expect(acceptForFormatParameter('CSV')).toBe('text/csv');
    expect(acceptForFormatParameter('turtle')).toBe('text/turtle');
    expect(acceptForFormatParameter('text/tab-separated-values')).toBe('text/tab-separated-values');
    expect(acceptForFormatParameter('')).toBeUndefined();
    expect(acceptForFormatParameter('auto')).toBeUndefined();
  });

  it('reads the names SPARQLWrapper sends, once or twice, for both query forms.', () => {
    const chosen = (type: 'SELECT' | 'CONSTRUCT', formats: string[]) => negotiateResultFormat(type, acceptForFormatParameters(formats)).mediaType;
    expect(chosen('CONSTRUCT', ['xml'])).toBe('application/rdf+xml');
    expect(chosen('SELECT', ['xml'])).toBe('application/sparql-results+xml');
    expect(chosen('CONSTRUCT', ['rdf+xml', 'application/rdf+xml'])).toBe('application/rdf+xml');
    expect(chosen('CONSTRUCT', ['json-ld', 'application/ld+json'])).toBe('application/ld+json');
    expect(chosen('CONSTRUCT', ['n3'])).toBe('text/turtle');
    expect(chosen('SELECT', ['tsv', 'text/tab-separated-values'])).toBe('text/tab-separated-values');
    expect(acceptForFormatParameters([])).toBeUndefined();
    expect(acceptForFormatParameters(['', 'auto'])).toBeUndefined();
  });

  it('makes an unknown name end in a 406.', () => {
    const accept = acceptForFormatParameter('yaml');
    expect(() => negotiateResultFormat('SELECT', accept)).toThrow(NotAcceptableError);
  });

  it('treats names of Object.prototype members as unknown names, not as aliases.', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(() => negotiateResultFormat('SELECT', acceptForFormatParameter(name))).toThrow(NotAcceptableError);
    }
  });
});

describe('resultFormatFor', () => {
  it('gives the chosen format when it suits the query form, and the form\'s default when none was chosen.', () => {
    expect(resultFormatFor('SELECT', 'sparql-results+csv').mediaType).toBe('text/csv');
    expect(resultFormatFor('DESCRIBE', 'rdf-xml').mediaType).toBe('application/rdf+xml');
    expect(resultFormatFor('ASK', undefined).id).toBe('sparql-results+json');
    expect(resultFormatFor('CONSTRUCT', undefined).id).toBe('turtle');
  });

  it('refuses with 406 a format the query form cannot be written in, listing those it can.', () => {
    expect(() => resultFormatFor('CONSTRUCT', 'sparql-results+csv')).toThrow(NotAcceptableError);
    try {
      resultFormatFor('SELECT', 'turtle');
      expect.unreachable();
    } catch (error) {
      expect((error as NotAcceptableError).details.available).toEqual(['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']);
    }
  });
});
