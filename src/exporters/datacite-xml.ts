import type { DataciteCreator, DataciteResource } from './datacite-export.js';

/** The DataCite Metadata Schema namespace (all 4.x versions share it). */
export const DATACITE_NAMESPACE = 'http://datacite.org/schema/kernel-4';
/** The 4.5 XSD, named in `xsi:schemaLocation`. */
export const DATACITE_SCHEMA_LOCATION = 'https://schema.datacite.org/meta/kernel-4.5/metadata.xsd';

/** An element to serialize: attributes whose value is undefined are left out. */
interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string | undefined>>;
  readonly content: string | readonly XmlElement[];
}

function el(name: string, attributes: Readonly<Record<string, string | undefined>>, content: string | readonly XmlElement[]): XmlElement {
  return { name, attributes, content };
}

/** A wrapper element, or nothing when it would be empty (the schema allows both; empty says nothing). */
function wrapper(name: string, children: readonly XmlElement[]): XmlElement[] {
  return children.length === 0 ? [] : [el(name, {}, children)];
}

/**
 * Serializes a resource as DataCite Metadata Schema 4.5 XML (namespace
 * `http://datacite.org/schema/kernel-4`, `xsi:schemaLocation` the 4.5 XSD). Text and attribute values
 * are escaped, and characters XML 1.0 cannot carry (control characters, lone surrogates) are
 * dropped, so any literal from the graph yields a well-formed document.
 *
 * @param resource - the resource dataciteOf (datacite-export.ts) builds.
 * @returns the XML document, UTF-8, with an XML declaration.
 * @example
 * ```ts
 * dataciteXml(dataciteOf(data, iri, { baseUrl })); // '<?xml version="1.0" encoding="UTF-8"?>\n<resource …'
 * ```
 */
export function dataciteXml(resource: DataciteResource): string {
  const name = (tag: 'creator' | 'contributor', n: DataciteCreator, extra: Record<string, string | undefined> = {}): XmlElement =>
    el(tag, extra, [
      el(`${tag}Name`, { nameType: n.nameType }, n.name),
      ...(n.givenName === undefined ? [] : [el('givenName', {}, n.givenName)]),
      ...(n.familyName === undefined ? [] : [el('familyName', {}, n.familyName)]),
      ...n.nameIdentifiers.map((i) => el('nameIdentifier', { nameIdentifierScheme: i.nameIdentifierScheme, schemeURI: i.schemeUri }, i.nameIdentifier)),
      ...n.affiliation.map((a) => el('affiliation', {
        affiliationIdentifier: a.affiliationIdentifier,
        affiliationIdentifierScheme: a.affiliationIdentifierScheme,
        schemeURI: a.schemeUri,
      }, a.name)),
    ]);
  const root = el('resource', {
    xmlns: DATACITE_NAMESPACE,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${DATACITE_NAMESPACE} ${DATACITE_SCHEMA_LOCATION}`,
  }, [
    el('identifier', { identifierType: 'DOI' }, resource.doi),
    el('creators', {}, resource.creators.map((c) => name('creator', c))),
    el('titles', {}, resource.titles.map((t) => el('title', { titleType: t.titleType }, t.title))),
    el('publisher', {
      publisherIdentifier: resource.publisher.publisherIdentifier,
      publisherIdentifierScheme: resource.publisher.publisherIdentifierScheme,
      schemeURI: resource.publisher.schemeUri,
    }, resource.publisher.name),
    el('publicationYear', {}, resource.publicationYear),
    el('resourceType', { resourceTypeGeneral: resource.types.resourceTypeGeneral }, resource.types.resourceType),
    ...wrapper('subjects', resource.subjects.map((s) => el('subject', {}, s.subject))),
    ...wrapper('contributors', resource.contributors.map((c) => name('contributor', c, { contributorType: c.contributorType }))),
    ...wrapper('dates', resource.dates.map((d) => el('date', { dateType: d.dateType, dateInformation: d.dateInformation }, d.date))),
    ...wrapper('alternateIdentifiers', resource.alternateIdentifiers.map((a) => el('alternateIdentifier', { alternateIdentifierType: a.alternateIdentifierType }, a.alternateIdentifier))),
    ...wrapper('relatedIdentifiers', resource.relatedIdentifiers.map((r) => el('relatedIdentifier', {
      relatedIdentifierType: r.relatedIdentifierType,
      relationType: r.relationType,
      resourceTypeGeneral: r.resourceTypeGeneral,
    }, r.relatedIdentifier))),
    ...(resource.version === undefined ? [] : [el('version', {}, resource.version)]),
    ...wrapper('descriptions', resource.descriptions.map((d) => el('description', { 'xml:lang': d.lang, descriptionType: d.descriptionType }, d.description))),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root, '')}\n`;
}

function serialize(node: XmlElement, indent: string): string {
  const attributes = Object.entries(node.attributes ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  if (typeof node.content === 'string') return `${indent}<${node.name}${attributes}>${escapeText(node.content)}</${node.name}>`;
  const children = node.content.map((child) => serialize(child, `${indent}  `)).join('\n');
  return `${indent}<${node.name}${attributes}>\n${children}\n${indent}</${node.name}>`;
}

/** Characters outside XML 1.0's Char production: no escape can carry them, so they are dropped. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  // Tabs and line breaks are written as references: a parser would normalize literal ones to spaces.
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
