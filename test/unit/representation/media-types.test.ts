import { describe, expect, it } from 'vitest';
import { NotAcceptableError } from '../../../src/errors/phd-error.js';
import { chooseRepresentation, notAcceptable } from '../../../src/representation/choose-representation.js';
import { lookupExtension, lookupFormatName, lookupMediaType, MEDIA_TYPES, mediaTypeFor } from '../../../src/representation/media-types.js';
import type { MediaTypeId } from '../../../src/representation/media-types.js';

describe('The media-type registry', () => {
  it('finds a representation by its canonical media type, ignoring parameters and case.', () => {
    expect(lookupMediaType('text/turtle')).toBe('turtle');
    expect(lookupMediaType('Application/LD+JSON; charset=utf-8')).toBe('json-ld');
    expect(lookupMediaType('application/sparql-results+json')).toBe('sparql-results+json');
    expect(lookupMediaType('application/vnd.datacite.datacite+xml')).toBe('datacite+xml');
    expect(lookupMediaType('application/problem+json')).toBe('problem+json');
    expect(lookupMediaType('image/png')).toBeUndefined();
  });

  it('finds a representation by an alias unless told to match canonical types only, and within the ids given.', () => {
    expect(lookupMediaType('application/x-turtle')).toBe('turtle');
    expect(lookupMediaType('application/x-turtle', { aliases: false })).toBeUndefined();
    expect(lookupMediaType('application/json', { among: ['turtle', 'json-ld'] })).toBe('json-ld');
    expect(lookupMediaType('application/json', { among: ['sparql-results+json', 'json-ld'] })).toBe('sparql-results+json');
    expect(lookupMediaType('application/xml', { among: ['turtle', 'rdf-xml'] })).toBe('rdf-xml');
  });

  it('finds a representation by file extension, the longest listed extension first.', () => {
    expect(lookupExtension('data/facility.ttl')).toBe('turtle');
    expect(lookupExtension('RECORD.NQ')).toBe('n-quads');
    expect(lookupExtension('x.datacite.xml')).toBe('datacite+xml');
    expect(lookupExtension('x.pidinst.json')).toBe('pidinst+json');
    expect(lookupExtension('image.ome.xml')).toBe('ome-xml');
    expect(lookupExtension('graph.json', ['turtle', 'json-ld'])).toBe('json-ld');
    expect(lookupExtension('notes.txt')).toBeUndefined();
    expect(lookupExtension('ttl')).toBeUndefined();
  });

  it('finds a representation by a format-parameter name or media type among those offered, the first offered for a shared name.', () => {
    expect(lookupFormatName('ttl', ['json-ld', 'turtle'])).toBe('turtle');
    expect(lookupFormatName('JSON', ['json-ld', 'turtle'])).toBe('json-ld');
    expect(lookupFormatName('json', ['sparql-results+json', 'json-ld'])).toBe('sparql-results+json');
    expect(lookupFormatName('text/turtle', ['json-ld', 'turtle'])).toBe('turtle');
    expect(lookupFormatName('csv', ['json-ld', 'turtle'])).toBeUndefined();
    for (const name of ['__proto__', 'constructor', 'toString']) expect(lookupFormatName(name, ['json-ld', 'html'])).toBeUndefined();
  });

  it('gives every representation a media type of the form type/subtype, and aliases that are not its own type.', () => {
    for (const [id, entry] of Object.entries(MEDIA_TYPES)) {
      expect(entry.mediaType, id).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/);
      expect(mediaTypeFor(id as MediaTypeId)).toBe(entry.mediaType);
      expect(entry.aliases as readonly string[], id).not.toContain(entry.mediaType);
      for (const extension of entry.extensions) expect(extension, id).toMatch(/^\.[a-z.]+$/);
    }
  });
});

describe('chooseRepresentation', () => {
  it('chooses among registry ids by their media types and aliases, an exact type before an alias.', () => {
    expect(chooseRepresentation(undefined, ['turtle', 'json-ld'])).toBe('turtle');
    expect(chooseRepresentation('application/json', ['turtle', 'json-ld'])).toBe('json-ld');
    expect(chooseRepresentation('application/xml', ['datacite+xml', 'datacite+json'])).toBe('datacite+xml');
    expect(chooseRepresentation('application/json, application/vnd.datacite.datacite+xml', ['datacite+json', 'datacite+xml'])).toBe('datacite+xml');
    expect(chooseRepresentation('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', ['sparql-results+json', 'sparql-results+xml'])).toBe('sparql-results+xml');
    expect(chooseRepresentation('image/png', ['turtle', 'json-ld'])).toBeUndefined();
  });

  it('builds a 406 listing the media types offered.', () => {
    const error = notAcceptable('Records are served as Turtle or JSON-LD.', ['turtle', 'json-ld', 'json-ld']);
    expect(error).toBeInstanceOf(NotAcceptableError);
    expect(error.status).toBe(406);
    expect(error.details.available).toEqual(['text/turtle', 'application/ld+json']);
  });
});
