import type { Quad } from 'n3';
import { entityTag } from '../representation/index.js';
import type { RecordStore, StoredRecord } from '../store/index.js';
import { inboundLinks, inboundTag } from './inbound-links.js';
import type { InboundLink } from './inbound-links.js';
import type { ConfigurationVersionView, LandingView } from './landing-view.js';
import { buildLandingView } from './landing-view-builder.js';
import { recordHref } from './record-href.js';
import { RecordResolver } from './record-resolver.js';
import { RecordSerializer } from './record-serializer.js';
import type { RecordFormat } from './record-serializer.js';
import { ResponseCache } from './response-cache.js';
import type { PidResponse } from './response-cache.js';
import { signpostingLinks } from './signposting.js';
import type { SignpostingLink } from './signposting.js';

/**
 * Records for `/pid/…`, `/id/…` and `/records/…`: the facade the routers use over resolution
 * ({@link RecordResolver}: lookup with 404/410, the tier chain, "the configuration in effect on a
 * date"), serialization ({@link RecordSerializer}, cached per record version), Signposting
 * ({@link signpostingLinks}, as data), the landing-page view ({@link buildLandingView}), the links
 * other records hold to a record ({@link inboundLinks}, part of its `/pid` representations) and the
 * cache of whole answers ({@link ResponseCache}).
 */
export class PidService {
  private readonly store: RecordStore;
  private readonly baseUrl: string;
  private readonly resolver: RecordResolver;
  private readonly serializer: RecordSerializer;
  private readonly responses = new ResponseCache();
  /** Each record's inbound links, until the next write (they change when other records are written). */
  private readonly inboundLinks = new Map<string, InboundLink[]>();

  /**
   * @param store - the record store.
   * @param baseUrl - PHD_BASE_URL.
   */
  public constructor(store: RecordStore, baseUrl: string) {
    this.store = store;
    this.baseUrl = baseUrl;
    this.resolver = new RecordResolver(store, baseUrl);
    this.serializer = new RecordSerializer(baseUrl);
  }

  /**
   * A live record.
   * @param iri - canonical IRI.
   * @returns the record; throws NotFoundError (unknown) or GoneError (withdrawn, with the date).
   */
  public get(iri: string): Promise<StoredRecord> {
    return this.resolver.get(iri);
  }

  /**
   * The name a record's old IRI now stands for (a PID adopted later): the routes answer 301 to it.
   * @param iri - an IRI.
   * @returns the record's current name, or undefined when the IRI is no old name.
   */
  public canonicalOf(iri: string): Promise<string | undefined> {
    return this.store.canonicalOf(iri);
  }

  /**
   * Forgets cached records and responses. Called after every committed write: a response carries
   * links to other records (Signposting, the chain), so any write may change it.
   */
  public invalidate(): void {
    this.resolver.invalidate();
    this.responses.clear();
    this.inboundLinks.clear();
  }

  /**
   * The full answer for a record in a format: Signposting links, body and an entity tag over both,
   * cached until the next write.
   * @param record - the record.
   * @param format - a record format, or `html` for the landing page.
   * @param render - renders the landing page from its view (the page layer owns HTML); it may read
   *   more (the page's citation), and runs only when the cached answer is missing.
   * @param variant - what else the answer depends on (the PID's registration state on the page).
   * @returns the Signposting links, the body bytes and their ETag.
   */
  public async response(record: StoredRecord, format: RecordFormat | 'html', render: (view: LandingView) => string | Promise<string>, variant = ''): Promise<PidResponse> {
    // The links other records hold to this one are part of every representation: the key covers them.
    const inbound = await this.inbound(record.iri);
    const key = `${record.iri} ${record.etag} ${inboundTag(inbound)} ${format} ${variant}`;
    const cached = this.responses.get(key);
    if (cached !== undefined) return cached;
    const self = this.hrefOf(record.iri);
    const links = await this.signposting(record, self);
    const text = format === 'html' ? await render(await this.landingView(record, self)) : await this.serializer.serialize(record, format, inbound);
    const body = Buffer.from(text, 'utf8');
    // The ETag covers the body and the links, which also depend on other records.
    const etag = entityTag(JSON.stringify(links), body);
    const entry = { links, body, etag };
    this.responses.set(key, entry);
    return entry;
  }

  /**
   * The path on this service that dereferences an IRI.
   * @param iri - a record or PID IRI.
   * @returns `/id/{kind}/{id}` for minted IRIs, `/pid/{curie}` for PIDs.
   */
  public hrefOf(iri: string): string {
    return recordHref(iri, this.baseUrl);
  }

  /**
   * A record's own graph in one format (what `/records/…` serves, and a client edits and writes
   * back), computed once per record version (ETag) and format. The answers of `/pid` and `/id`
   * ({@link response}) add the links other records hold to it.
   * @param record - the record.
   * @param format - which format.
   * @returns the document.
   */
  public serialize(record: StoredRecord, format: RecordFormat): Promise<string> {
    return this.serializer.serialize(record, format);
  }

  /**
   * The links that point at a record from other records' graphs: an instance's configurations, a
   * facility's instruments, the datasets acquired with a configuration, the publications citing a
   * dataset… Held until the next write ({@link invalidate}).
   * @param iri - the record.
   * @returns the links, each with the record that holds it, in a stable order.
   */
  public async inbound(iri: string): Promise<InboundLink[]> {
    const cached = this.inboundLinks.get(iri);
    if (cached !== undefined) return cached;
    const links = await inboundLinks(this.store, iri);
    if (this.inboundLinks.size > 10_000) this.inboundLinks.clear();
    this.inboundLinks.set(iri, links);
    return links;
  }

  /**
   * The configuration versions of an instance, ordered by validFrom, with validUntil derived.
   * @param instance - the instance IRI.
   * @returns the versions.
   */
  public configurations(instance: string): Promise<ConfigurationVersionView[]> {
    return this.resolver.configurations(instance);
  }

  /**
   * The configuration of an instance in effect on a date: the latest version with validFrom ≤ date.
   * @param instance - the instance IRI.
   * @param date - YYYY-MM-DD.
   * @returns the configuration IRI.
   */
  public configurationAt(instance: string, date: string): Promise<string> {
    return this.resolver.configurationAt(instance, date);
  }

  /**
   * Checks the tier chain facility → model → instance → descriptor.
   * @param iris - the four IRIs.
   * @returns the descriptor record; throws NotFoundError naming the first broken link.
   */
  public chain(iris: readonly [string, string, string, string]): Promise<StoredRecord> {
    return this.resolver.chain(iris);
  }

  /**
   * FAIR Signposting links for a record, as data (HTTP writes them as a `Link` header).
   * @param record - the record.
   * @param self - the path it was asked at (for describedby URLs).
   * @returns the links.
   */
  public signposting(record: StoredRecord, self: string): Promise<SignpostingLink[]> {
    return signpostingLinks(record, self, { store: this.store, resolver: this.resolver, baseUrl: this.baseUrl });
  }

  /**
   * Everything the landing page shows.
   * @param record - the record.
   * @param self - the path it was asked at.
   * @returns the view.
   */
  public landingView(record: StoredRecord, self: string): Promise<LandingView> {
    return buildLandingView(record, self, { store: this.store, resolver: this.resolver, baseUrl: this.baseUrl });
  }

  /**
   * Parses a configuration's graph, for the diff.
   * @param iri - configuration IRI.
   * @returns its quads.
   */
  public configurationQuads(iri: string): Promise<{ record: StoredRecord; quads: Quad[] }> {
    return this.resolver.configurationQuads(iri);
  }
}
