/** One target of a `Link` header (RFC 8288). */
export interface WebLink {
  readonly href: string;
  readonly rel: string;
  readonly type?: string;
  readonly profile?: string;
}

/**
 * Writes links as a `Link` header value (RFC 8288): `<href>; rel="…"; type="…"; profile="…"`, comma
 * separated. Header values must be ASCII: IRIs with other characters are written as URIs (RFC 3987 §3.1).
 * @param links - the links (FAIR Signposting from the PID service, or a route's own).
 * @returns the header value.
 * @example
 * res.setHeader('Link', linkHeader([{ href: iri, rel: 'cite-as' }]));
 */
export function linkHeader(links: readonly WebLink[]): string {
  return links
    .map((link) => {
      const params = [`rel="${link.rel}"`];
      if (link.type !== undefined) params.push(`type="${link.type}"`);
      if (link.profile !== undefined) params.push(`profile="${link.profile}"`);
      return `<${link.href}>; ${params.join('; ')}`;
    })
    .join(', ')
    .replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}
