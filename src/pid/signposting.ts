import { DCTERMS, PHD } from '../domain/index.js';
import { formatNameOf, mediaTypeFor } from '../representation/index.js';
import type { RecordStore, StoredRecord } from '../store/index.js';
import { recordHref } from './record-href.js';
import type { RecordResolver } from './record-resolver.js';
import { RECORD_FORMATS } from './record-serializer.js';
import { schemaTypeOf } from './schema-type.js';

/** One typed link of FAIR Signposting (https://signposting.org/FAIR/): data, written as a `Link` header by HTTP. */
export interface SignpostingLink {
  /** The target, an absolute IRI or URL. */
  readonly href: string;
  /** The relation: `cite-as`, `describedby`, `type`, `author`, `item`, `collection`, `license`. */
  readonly rel: string;
  /** The media type of the target (describedby). */
  readonly type?: string;
  /** The profile the target follows. */
  readonly profile?: string;
}

/** What {@link signpostingLinks} reads. */
export interface SignpostingContext {
  readonly store: RecordStore;
  readonly resolver: RecordResolver;
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
}

/**
 * The FAIR Signposting links of a record: cite-as (its PID IRI), describedby (each machine-readable
 * format), type (its schema.org type and AboutPage), author (creators and contacts), collection (a
 * configuration's instance), item (an instance's configurations) and license.
 * @param record - the record.
 * @param self - the path it was asked at (for the describedby URLs).
 * @param context - the store, the resolver and the base URL.
 * @returns the links, in the order the `Link` header lists them.
 */
export async function signpostingLinks(record: StoredRecord, self: string, context: SignpostingContext): Promise<SignpostingLink[]> {
  const { store, resolver, baseUrl } = context;
  const links: SignpostingLink[] = [{ href: record.iri, rel: 'cite-as' }];
  for (const format of RECORD_FORMATS) links.push({ href: `${baseUrl}${self}?format=${formatNameOf(format)}`, rel: 'describedby', type: mediaTypeFor(format) });
  links.push({ href: `https://schema.org/${schemaTypeOf(record.kind)}`, rel: 'type' }, { href: 'https://schema.org/AboutPage', rel: 'type' });
  const authors = [
    ...(await store.links({ subject: record.iri, predicate: DCTERMS.creator })),
    ...(await store.links({ subject: record.iri, predicate: PHD.contact })),
  ];
  for (const author of authors) links.push({ href: author.object, rel: 'author' });
  if (record.kind === 'configuration') {
    const instance = await resolver.linkSubject(PHD.hasConfiguration, record.iri);
    if (instance !== undefined) links.push({ href: `${baseUrl}${recordHref(instance, baseUrl)}`, rel: 'collection' });
  }
  if (record.kind === 'instance') {
    for (const version of await resolver.configurations(record.iri)) links.push({ href: `${baseUrl}${version.href}`, rel: 'item' });
  }
  const license = (await store.links({ subject: record.iri, predicate: DCTERMS.license }))[0];
  if (license !== undefined) links.push({ href: license.object, rel: 'license' });
  return links;
}
