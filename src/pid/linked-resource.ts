/**
 * A resource a page links to: its IRI, a label, and the URL that resolves it. Landing pages and
 * local search results link with a path on this service (`/pid/…` or `/id/…`, see `recordHref`);
 * results merged from a peer link with an absolute URL on that peer.
 */
export interface LinkedResource {
  readonly iri: string;
  readonly label: string;
  /** The URL that resolves it: a path on this service, or absolute on the peer that answered. */
  readonly href: string;
}
