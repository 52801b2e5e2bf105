import type { DataciteAccount } from '../config/index.js';
import type { PidDocument, PidProvider, ProviderState, PushResult, TargetState } from './pid-provider.js';
import { ProviderError } from './provider-error.js';
import { type ProviderAnswer, type ProviderRequest, basicAuthorization, providerFailure, providerRequest } from './provider-request.js';

/** Options of {@link DataciteProvider}. */
export interface DataciteProviderOptions {
  /** Time limit of one request to the API (PHD_PID_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

const JSON_API = 'application/vnd.api+json';
const STATES: readonly ProviderState[] = ['draft', 'registered', 'findable'];

/** What DataCite holds for a DOI. */
interface Held {
  readonly state: ProviderState;
  readonly url: string;
}

/** DataCite's JSON:API errors as one line: `source: title; …` (DataCite's own words). */
function errorDetail(json: unknown): string {
  const list = (json as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(list)) return '';
  return list
    .map((e: { source?: unknown; title?: unknown }) => `${typeof e.source === 'string' ? `${e.source}: ` : ''}${typeof e.title === 'string' ? e.title : ''}`)
    .filter((line) => line !== '')
    .join('; ');
}

/**
 * The event that brings a DOI from `current` towards `target` (DataCite: draft → registered →
 * findable, `hide` findable → registered; nothing returns to draft). A draft cannot be hidden: a
 * withdrawn draft stays a draft (it never resolved); a registered DOI is already hidden.
 */
function eventFor(current: ProviderState | undefined, target: TargetState): 'publish' | 'hide' | undefined {
  if (target === 'findable') return current === 'findable' ? undefined : 'publish';
  if (target === 'hidden') return current === 'findable' ? 'hide' : undefined;
  return undefined;
}

/**
 * Registers DOIs with DataCite through its REST API (JSON:API): `GET /dois/{doi}` to learn what
 * DataCite holds, then `POST /dois` for a DOI it does not know or `PUT /dois/{doi}` for one it
 * does, with the landing page URL, the DataCite 4.5 XML (base64 in `attributes.xml`) and the event
 * (`publish`, `hide`) that moves it towards the target state. HTTP Basic with the repository id and
 * password, sent only in the Authorization header.
 * @example
 * ```ts
 * const datacite = new DataciteProvider(config.minting.datacite, { timeoutMs: 10_000 });
 * await datacite.push({ id: '10.5072/phd-abcd-1234', url, kind: 'instance', withdrawn: false, dataciteXml }, 'draft');
 * ```
 */
export class DataciteProvider implements PidProvider {
  public readonly name = 'datacite' as const;
  public readonly prefix: string;
  private readonly api: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  /**
   * @param account - the repository: API base URL, repository id, password, prefix.
   * @param options - the time limit of each request.
   */
  public constructor(account: DataciteAccount, options: DataciteProviderOptions) {
    this.prefix = account.prefix.toLowerCase();
    this.api = account.api.replace(/\/+$/, '');
    this.authorization = basicAuthorization(account.repository, account.password);
    this.timeoutMs = options.timeoutMs;
  }

  /**
   * What DataCite holds for a DOI (drafts included: the request is authenticated).
   * @param id - the DOI without resolver.
   * @param signal - aborts the request.
   * @returns its state and URL, or undefined when DataCite does not know it.
   * @throws ProviderError when DataCite does not answer or refuses.
   */
  public async lookup(id: string, signal?: AbortSignal): Promise<Held | undefined> {
    return this.held(this.checked(id), signal);
  }

  /**
   * Creates or updates a DOI and moves it towards `target` (see {@link PidProvider.push}).
   * @param document - the metadata and landing page.
   * @param target - draft, findable or hidden.
   * @param signal - aborts the requests.
   * @returns the state DataCite answered.
   * @throws ProviderError — retryable for time-outs, lost connections, 429 and 5xx.
   */
  public async push(document: PidDocument, target: TargetState, signal?: AbortSignal): Promise<PushResult> {
    const doi = this.checked(document.id);
    const current = await this.held(doi, signal);
    const event = eventFor(current?.state, target);
    const attributes = {
      doi,
      url: document.url,
      // A withdrawn record has no metadata to send: DataCite keeps what it holds.
      ...(document.dataciteXml === undefined ? {} : { xml: Buffer.from(document.dataciteXml, 'utf8').toString('base64') }),
      ...(event === undefined ? {} : { event }),
    };
    const request = current === undefined
      ? this.request('POST', `${this.api}/dois`, signal, { data: { type: 'dois', attributes } })
      : this.request('PUT', this.doiUrl(doi), signal, { data: { id: doi, type: 'dois', attributes } });
    const answer = await providerRequest('datacite', request);
    if (answer.status !== 200 && answer.status !== 201) throw providerFailure('datacite', request, answer, errorDetail(answer.json));
    return { state: this.stateOf(request, answer).state };
  }

  /** The DOI, lower-cased (DOIs are case-insensitive); refused locally when outside the prefix. */
  private checked(id: string): string {
    const doi = id.toLowerCase();
    if (!doi.startsWith(`${this.prefix}/`) || doi.length === this.prefix.length + 1) {
      throw new ProviderError('datacite', `${id} is not a DOI under the prefix ${this.prefix} of this DataCite repository: it cannot be registered with it.`, { retryable: false });
    }
    return doi;
  }

  /** `{api}/dois/{doi}`, each segment of the DOI percent-encoded. */
  private doiUrl(doi: string): string {
    return `${this.api}/dois/${doi.split('/').map(encodeURIComponent).join('/')}`;
  }

  private request(method: ProviderRequest['method'], url: string, signal: AbortSignal | undefined, body?: object): ProviderRequest {
    return {
      method,
      url,
      headers: { accept: JSON_API, authorization: this.authorization, ...(body === undefined ? {} : { 'content-type': JSON_API }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: this.timeoutMs,
      signal,
    };
  }

  private async held(doi: string, signal: AbortSignal | undefined): Promise<Held | undefined> {
    const request = this.request('GET', this.doiUrl(doi), signal);
    const answer = await providerRequest('datacite', request);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw providerFailure('datacite', request, answer, errorDetail(answer.json));
    return this.stateOf(request, answer);
  }

  /** `data.attributes.state` and `url` of an answer; an answer without them is DataCite misbehaving (retryable). */
  private stateOf(request: ProviderRequest, answer: ProviderAnswer): Held {
    const attributes = (answer.json as { data?: { attributes?: { state?: unknown; url?: unknown } } } | undefined)?.data?.attributes;
    const state = attributes?.state;
    if (typeof state !== 'string' || !STATES.includes(state as ProviderState)) {
      const message = `DataCite answered ${answer.status} to ${request.method} ${new URL(request.url).pathname} without a DOI state. It will be sent again.`;
      throw new ProviderError('datacite', message, { retryable: true, status: answer.status });
    }
    return { state: state as ProviderState, url: typeof attributes?.url === 'string' ? attributes.url : '' };
  }
}
