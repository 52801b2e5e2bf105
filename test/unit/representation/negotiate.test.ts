import { describe, expect, it } from 'vitest';
import { negotiate } from '../../../src/representation/negotiate.js';

const OFFERS = ['text/turtle', 'application/ld+json', 'text/html'] as const;

describe('negotiate', () => {
  it('gives the server\'s first offer when Accept is absent, empty or */*.', () => {
    expect(negotiate(undefined, OFFERS)).toBe('text/turtle');
    expect(negotiate('', OFFERS)).toBe('text/turtle');
    expect(negotiate('   ', OFFERS)).toBe('text/turtle');
    expect(negotiate('*/*', OFFERS)).toBe('text/turtle');
    expect(negotiate('*/*', ['text/html', 'text/turtle'])).toBe('text/html');
  });

  it('follows q-values: the highest wins, whatever the order of the header.', () => {
    expect(negotiate('text/turtle;q=0.5, application/ld+json', OFFERS)).toBe('application/ld+json');
    expect(negotiate('text/html;q=0.9, application/ld+json;q=0.3', OFFERS)).toBe('text/html');
    expect(negotiate('text/html; Q = 0.9 , text/turtle;q=0.2', OFFERS)).toBe('text/html');
  });

  it('matches wildcards: type/* and */*.', () => {
    expect(negotiate('application/*', OFFERS)).toBe('application/ld+json');
    expect(negotiate('text/*', ['application/ld+json', 'text/html'])).toBe('text/html');
    expect(negotiate('image/*, */*;q=0.1', ['application/ld+json'])).toBe('application/ld+json');
  });

  it('takes the quality of the most specific matching range.', () => {
    // text/html is refused by its exact range although text/* would accept it.
    expect(negotiate('text/*, text/html;q=0', ['text/html', 'text/turtle'])).toBe('text/turtle');
    // At equal q, an exact range beats a wildcard one, whatever the server's order.
    expect(negotiate('text/*;q=0.5, text/html;q=0.5', ['text/turtle', 'text/html'])).toBe('text/html');
    expect(negotiate('text/*;q=0.5, text/html;q=0.4', ['text/html', 'text/turtle'])).toBe('text/turtle');
    expect(negotiate('text/html, */*;q=0.8', ['text/turtle', 'text/html'])).toBe('text/html');
  });

  it('breaks ties by the server\'s order of preference.', () => {
    expect(negotiate('text/html, application/ld+json', OFFERS)).toBe('application/ld+json');
    expect(negotiate('text/html, application/ld+json', ['text/html', 'application/ld+json'])).toBe('text/html');
  });

  it('never gives a type refused with q=0, even through */*.', () => {
    expect(negotiate('text/turtle;q=0, */*', OFFERS)).toBe('application/ld+json');
    expect(negotiate('*/*;q=0', OFFERS)).toBeUndefined();
    expect(negotiate('text/turtle;q=0', ['text/turtle'])).toBeUndefined();
  });

  it('skips malformed ranges, reads a bad q as a refusal, and accepts nothing when no range can be read.', () => {
    expect(negotiate('garbage', OFFERS)).toBeUndefined();
    expect(negotiate(';;;,,,q=abc', OFFERS)).toBeUndefined();
    expect(negotiate('*', OFFERS)).toBe('text/turtle');
    expect(negotiate('text/html, *; q=.2', ['text/turtle', 'image/png'])).toBe('text/turtle');
    expect(negotiate('text/html/x, application/ld+json', OFFERS)).toBe('application/ld+json');
    expect(negotiate('*/html, application/ld+json;q=0.1', OFFERS)).toBe('application/ld+json');
    expect(negotiate('text/html;q=high, application/ld+json;q=0.1', OFFERS)).toBe('application/ld+json');
    expect(negotiate('text/html;q=7', OFFERS)).toBe('text/html');
  });

  it('ignores case and media-type parameters other than q.', () => {
    expect(negotiate('TEXT/HTML;charset=utf-8', OFFERS)).toBe('text/html');
    expect(negotiate('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', OFFERS)).toBe('application/ld+json');
  });

  it('answers undefined when nothing offered is acceptable.', () => {
    expect(negotiate('image/png', OFFERS)).toBeUndefined();
    expect(negotiate('image/*, application/pdf', OFFERS)).toBeUndefined();
    expect(negotiate<string>('text/html', [])).toBeUndefined();
  });
});
