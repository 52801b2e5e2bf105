import { describe, expect, it } from 'vitest';
import { linkHeader } from '../../../src/http/link-header.js';

describe('linkHeader', () => {
  it('writes each link with its relation, type and profile, comma separated.', () => {
    expect(linkHeader([
      { href: 'https://doi.org/10.5072/x', rel: 'cite-as' },
      { href: 'https://phd.example.org/pid/x?format=turtle', rel: 'describedby', type: 'text/turtle' },
      { href: 'https://phd.example.org/pid/x?format=jsonld', rel: 'describedby', type: 'application/ld+json', profile: 'http://www.w3.org/ns/json-ld#compacted' },
    ])).toBe('<https://doi.org/10.5072/x>; rel="cite-as", <https://phd.example.org/pid/x?format=turtle>; rel="describedby"; type="text/turtle", '
      + '<https://phd.example.org/pid/x?format=jsonld>; rel="describedby"; type="application/ld+json"; profile="http://www.w3.org/ns/json-ld#compacted"');
  });

  it('writes IRIs with characters beyond ASCII as URIs, so that the header stays ASCII.', () => {
    expect(linkHeader([{ href: 'https://phd.example.org/id/person/müller', rel: 'author' }])).toBe('<https://phd.example.org/id/person/m%C3%BCller>; rel="author"');
    expect(linkHeader([])).toBe('');
  });
});
