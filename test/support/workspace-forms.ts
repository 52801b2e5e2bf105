import type { Quad } from 'n3';

/**
 * The objects of a subject's property in a graph.
 * @param quads - the graph.
 * @param subject - the subject IRI.
 * @param predicate - the property IRI.
 * @returns the objects' values.
 */
export function objects(quads: readonly Quad[], subject: string, predicate: string): string[] {
  return quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
}

/**
 * A query parameter of a redirect's location (a workspace form's 303).
 * @param base - the app's URL, to resolve a relative location.
 * @param location - the `Location` header.
 * @param name - the parameter.
 * @returns its value.
 * @throws Error when the location has no such parameter.
 */
export function locationParam(base: string, location: string | undefined, name: string): string {
  const value = new URL(location ?? '', base).searchParams.get(name);
  if (value === null) throw new Error(`no ${name} in ${location ?? '(no location)'}`);
  return value;
}

/**
 * The entity tag an edit form carries (its hidden `_etag` field), unescaped.
 * @param body - the form page.
 * @returns the tag.
 * @throws Error when the page has no such field.
 */
export function etagIn(body: string): string {
  const match = /name="_etag" value="([^"]*)"/.exec(body);
  if (match?.[1] === undefined) throw new Error('no _etag field');
  return match[1].replace(/&quot;/g, '"');
}
