import { isIriRefSafe } from '../rdf/index.js';
import N3 from 'n3';
import { PhdError } from '../errors/index.js';
import { queryFormOf as queryTextForm } from '../query/index.js';
import { MEDIA_TYPES, mediaTypeFor } from '../representation/index.js';

/**
 * Why a peer was left out of an answer. `refused`: it judged the query itself (400 or 422, e.g.
 * its result limit), so its part is not empty but unknown — the federated query fails rather than
 * answer without it. `busy`: it kept answering 429 or 503 (or asked to wait past its time budget);
 * like every other failure, its part is left out and the answer is marked partial.
 */
export type PeerFailure = 'unreachable' | 'timeout' | 'too-large' | 'error' | 'refused' | 'busy';

/** A peer that took part in a federated request, and how it fared. */
export interface PeerStatus {
  /** The peer's base URL (or this instance's). */
  readonly peer: string;
  readonly status: 'ok' | PeerFailure;
  readonly detail?: string;
}

/** Options of {@link PeerFetch}. */
export interface PeerFetchOptions {
  /** Base URLs that may be contacted (the configured peers, and this instance's loopback URL). */
  readonly peers: readonly string[];
  /** Time budget of each peer for the whole request, in milliseconds. */
  readonly timeoutMs: number;
  /** Largest answer accepted from a peer, in bytes. */
  readonly maxBytes: number;
  /** Aborts every request (the federated query was given up). */
  readonly signal?: AbortSignal;
  /** When the whole federated request ends (epoch ms): no peer's budget, retries included, outlasts it. */
  readonly deadline?: number;
  /** Names a peer in statuses (e.g. this instance's loopback URL → its public base URL). */
  readonly displayName?: (peer: string) => string;
  /**
   * The bearer token to present to a peer (its base URL), so that it counts this instance under
   * its peers' limits; undefined: none. Sent in the Authorization header only, never in a URL.
   */
  readonly credential?: (peer: string) => string | undefined;
}

/** Statuses a peer answers when it is busy or briefly unavailable: asked again within its budget. */
const RETRYABLE: ReadonlySet<number> = new Set([429, 502, 503, 504]);
/** Attempts at one request to a busy peer, at most (its time budget usually ends them first). */
const MAX_ATTEMPTS = 5;
/** The first wait before asking a busy peer again when it gives no Retry-After; doubled each time. */
const FIRST_BACKOFF_MS = 250;

/**
 * The wait a `Retry-After` header asks for (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 * @param value - the header value, if any.
 * @param now - the current time (epoch ms).
 * @returns milliseconds to wait (0 for a date already past), or undefined when the header is absent or malformed.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An IMF-fixdate, or the obsolete RFC 850 and asctime forms (Date.parse reads all three); a bare number or junk is not a date.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to wait before asking a busy peer again.
 * @param retryAfter - its Retry-After header.
 * @param attempt - attempts made so far (1 after the first).
 * @param now - the current time (epoch ms).
 * @returns milliseconds: what the peer asked for, else an exponential backoff.
 */
export function retryDelayMs(retryAfter: string | null | undefined, attempt: number, now: number): number {
  return retryAfterMs(retryAfter, now) ?? FIRST_BACKOFF_MS * 2 ** Math.max(0, attempt - 1);
}

/** Media types a peer's SPARQL (or search) answer may have, and how to check that it reads as one. */
const JSON_TYPES: ReadonlySet<string> = new Set((['sparql-results+json', 'json', 'json-ld', 'problem+json'] as const).map(mediaTypeFor));
const RDF_TYPES: ReadonlyMap<string, string> = new Map((['turtle', 'n-triples', 'n-quads'] as const).map((id) => [mediaTypeFor(id), MEDIA_TYPES[id].label]));
const OTHER_TYPES: ReadonlySet<string> = new Set((['sparql-results+xml', 'rdf-xml', 'sparql-results+csv', 'sparql-results+tsv'] as const).map(mediaTypeFor));

/**
 * What is wrong with a SPARQL JSON results document, if anything: the shape the query's form
 * needs (ASK: a boolean; SELECT: bindings of terms), and IRIs that a query or N-Triples can carry.
 * A peer's well-formed JSON of the wrong shape would otherwise fail the whole query inside the
 * engine instead of leaving that peer out.
 * @param parsed - the parsed JSON.
 * @param form - the query's form, when known.
 * @returns the problem in words, or undefined.
 */
function resultsProblem(parsed: unknown, form: 'ASK' | 'SELECT' | undefined): string | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a SPARQL JSON results object';
  const doc = parsed as { boolean?: unknown; results?: { bindings?: unknown } };
  if (form === 'ASK' || (form === undefined && 'boolean' in doc)) return typeof doc.boolean === 'boolean' ? undefined : 'an ASK answer without a boolean';
  const bindings = doc.results?.bindings;
  if (!Array.isArray(bindings)) return 'SELECT results without a bindings list';
  for (const binding of bindings as unknown[]) {
    if (typeof binding !== 'object' || binding === null) return 'a binding that is not an object';
    for (const term of Object.values(binding)) {
      const { type, value } = (term ?? {}) as { type?: unknown; value?: unknown };
      if (typeof type !== 'string' || typeof value !== 'string') return 'a term without a type and a value';
      if (type === 'uri' && !isIriRefSafe(value)) return `an IRI no query can carry: ${JSON.stringify(value.slice(0, 100))}`;
    }
  }
  return undefined;
}

/**
 * The form of the SPARQL query a request to a peer carries (`?query=`, or a form or
 * `application/sparql-query` body), when it is an ASK or a SELECT; undefined otherwise (search, graphs).
 * @param url - the request URL.
 * @param init - the request options.
 * @returns the form.
 */
export function queryFormOf(url: URL, init?: RequestInit): 'ASK' | 'SELECT' | undefined {
  let text = url.searchParams.get('query');
  const body = init?.body;
  if (text === null && body instanceof URLSearchParams) text = body.get('query');
  else if (text === null && typeof body === 'string') text = body.trimStart().startsWith('query=') ? new URLSearchParams(body).get('query') : body;
  if (text === null) return undefined;
  const form = queryTextForm(text);
  return form === 'ASK' || form === 'SELECT' ? form : undefined;
}

/**
 * Why an answer cannot be read, if it cannot: a media type that is no SPARQL result or RDF, a
 * body that does not parse as its media type says (JSON, Turtle, N-Triples, N-Quads), or SPARQL
 * JSON that is not the answer to the query's form or holds an IRI no query or N-Triples can carry
 * (the N3 parser already refuses those in RDF answers).
 * @param contentType - the answer's Content-Type.
 * @param body - the answer.
 * @param form - the form of the query asked, when known (see {@link queryFormOf}).
 * @returns the reason, or undefined when the answer reads.
 */
export function unreadable(contentType: string | null, body: Uint8Array, form?: 'ASK' | 'SELECT'): string | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  try {
    if (JSON_TYPES.has(type)) {
      const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
      const problem = type === mediaTypeFor('sparql-results+json') || form !== undefined ? resultsProblem(parsed, form) : undefined;
      return problem === undefined ? undefined : `unreadable answer (${type}): ${problem}`;
    }
    const rdf = RDF_TYPES.get(type);
    if (rdf !== undefined) {
      new N3.Parser({ format: rdf }).parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
      return undefined;
    }
  } catch (error) {
    return `unreadable answer (${type}): ${error instanceof Error ? error.message.slice(0, 200) : 'malformed'}`;
  }
  if (OTHER_TYPES.has(type)) return undefined;
  return `unreadable answer: ${type === '' ? 'no Content-Type' : type.slice(0, 100)} is not a SPARQL result`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** The empty answer to a SPARQL request a failed peer cannot give: its part of the query is empty. */
function emptyAnswer(url: URL, init: RequestInit | undefined): Response {
  const body = typeof init?.body === 'string' ? init.body : init?.body instanceof URLSearchParams ? init.body.toString() : '';
  const query = url.searchParams.get('query') ?? new URLSearchParams(body).get('query') ?? body;
  const form = queryTextForm(query);
  if (query.trim() === '') return new Response('', { status: 200, headers: { 'content-type': mediaTypeFor('turtle') } });
  if (form === 'CONSTRUCT' || form === 'DESCRIBE') return new Response('', { status: 200, headers: { 'content-type': mediaTypeFor('n-triples') } });
  const json = form === 'ASK' ? '{"head":{},"boolean":false}' : '{"head":{"vars":[]},"results":{"bindings":[]}}';
  return new Response(json, { status: 200, headers: { 'content-type': mediaTypeFor('sparql-results+json') } });
}

/**
 * The `fetch` a federated query runs with. It contacts only the configured peers (anything else
 * is refused before a connection is made), gives each peer one time budget for the whole query
 * and a size limit per answer, and turns a peer's failure into an empty answer, so the query
 * goes on without that peer instead of failing; {@link statuses} then says who answered.
 * A peer answering 429, 502, 503 or 504 is asked again within its budget, after the wait its
 * `Retry-After` asks for (else an exponential backoff); one that asks to wait past its budget is
 * left out at once, as busy. An answer that does not read as its media type says is an error.
 * After its first failure a peer is not contacted again within the same query.
 */
export class PeerFetch {
  private readonly peers: readonly URL[];
  private readonly deadlines = new Map<string, number>();
  private readonly failures = new Map<string, { status: PeerFailure; detail: string }>();
  /** URLs refused because they belong to no configured peer. */
  public readonly refused: string[] = [];

  public constructor(private readonly options: PeerFetchOptions) {
    this.peers = options.peers.map((p) => new URL(p.endsWith('/') ? p : `${p}/`));
  }

  /** The peer a URL belongs to, if any: same origin, path under the peer's base path. */
  private peerOf(url: URL): string | undefined {
    const peer = this.peers.find((p) => p.origin === url.origin && url.pathname.startsWith(p.pathname));
    return peer === undefined ? undefined : peer.href.replace(/\/$/, '');
  }

  /**
   * Fetches for Comunica (same signature as the global fetch).
   * @param input - the URL or request.
   * @param init - the request options.
   * @returns the peer's answer, or an empty answer when the peer failed.
   */
  public readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const peer = this.peerOf(url);
    if (peer === undefined) {
      this.refused.push(url.href);
      throw new Error(`${url.origin} is not a configured peer: not contacted`);
    }
    if (this.failures.has(peer)) return emptyAnswer(url, init);
    const budget = this.budget(peer);
    if (budget === undefined) return this.fail(peer, 'timeout', `no answer within ${this.options.timeoutMs} ms`, url, init);
    const { controller, release, deadline } = budget;
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
    const token = this.options.credential?.(peer);
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    try {
      for (let attempt = 1; ; attempt += 1) {
        // A Request's body can be read once: each attempt sends a copy.
        const response = await fetch(input instanceof Request ? input.clone() : input, { ...init, headers, signal: controller.signal, redirect: 'error' });
        if (RETRYABLE.has(response.status)) {
          await response.body?.cancel();
          const wait = retryDelayMs(response.headers.get('retry-after'), attempt, Date.now());
          const left = deadline - Date.now();
          if (wait >= left || attempt >= MAX_ATTEMPTS) {
            const why = wait >= left ? `asked to wait ${Math.ceil(wait / 1000)} s, past the ${Math.max(0, Math.round(left))} ms left of its time budget` : `still busy after ${attempt} attempts`;
            return this.fail(peer, 'busy', `HTTP ${response.status}: ${why}`, url, init);
          }
          await sleep(wait, controller.signal);
          continue;
        }
        if (!response.ok) {
          // 400 and 422 judge the query itself; any other status says nothing about its answer.
          const refused = response.status === 400 || response.status === 422;
          const detail = response.status >= 400 && response.status < 500 ? await this.problemOf(response) : undefined;
          if (detail === undefined) await response.body?.cancel().catch(() => undefined);
          return this.fail(peer, refused ? 'refused' : 'error', `HTTP ${response.status}${detail === undefined ? '' : `: ${detail}`}`, url, init);
        }
        const body = await this.readCapped(response);
        if (body === undefined) return this.fail(peer, 'too-large', `answer over ${this.options.maxBytes} bytes`, url, init);
        const garbage = unreadable(response.headers.get('content-type'), body, queryFormOf(url, init));
        if (garbage !== undefined) return this.fail(peer, 'error', garbage, url, init);
        return new Response(body, { status: response.status, headers: response.headers });
      }
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return this.fail(peer, timedOut ? 'timeout' : 'unreachable', timedOut ? `no answer within ${this.options.timeoutMs} ms` : describe(error), url, init);
    } finally {
      release();
    }
  };

  /**
   * Runs this instance's own part of a request in process instead of over loopback HTTP, under the
   * rules of {@link fetch}: the same time budget, size limit and statuses. A {@link PhdError}
   * with status 400 or 422 (e.g. the result limit) counts as a refusal, 429 or 503 (the engine is
   * busy, or the query ran out of time) as busy, any other error as an error.
   * @param peerUrl - any URL of this instance's configured entry (its loopback base URL).
   * @param answer - runs the request; it should stop when the signal aborts.
   * @returns the answer's text, or '' (an empty answer) when it failed.
   * @throws Error when `peerUrl` belongs to no configured peer.
   */
  public async inProcess(peerUrl: string, answer: (signal: AbortSignal) => Promise<string>): Promise<string> {
    const peer = this.peerOf(new URL(peerUrl));
    if (peer === undefined) throw new Error(`${peerUrl} is not a configured peer`);
    if (this.failures.has(peer)) return '';
    const budget = this.budget(peer);
    if (budget === undefined) return this.failed(peer, 'timeout', `no answer within ${this.options.timeoutMs} ms`);
    const { controller, release } = budget;
    if (controller.signal.aborted) {
      release();
      return this.failed(peer, 'timeout', 'the federated request was given up');
    }
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    try {
      const body = await Promise.race([answer(controller.signal), aborted]);
      if (Buffer.byteLength(body) > this.options.maxBytes) return this.failed(peer, 'too-large', `answer over ${this.options.maxBytes} bytes`);
      return body;
    } catch (error) {
      if (controller.signal.aborted) return this.failed(peer, 'timeout', `no answer within ${this.options.timeoutMs} ms`);
      // Only the service's own errors say why (their messages are written for clients).
      if (PhdError.isInstance(error) && (error.status === 429 || error.status === 503)) return this.failed(peer, 'busy', `HTTP ${error.status}: ${error.message.slice(0, 300)}`);
      if (PhdError.isInstance(error) && (error.status === 400 || error.status === 422)) return this.failed(peer, 'refused', `HTTP ${error.status}: ${error.message.slice(0, 300)}`);
      return this.failed(peer, 'error', PhdError.isInstance(error) ? `HTTP ${error.status}` : 'internal error');
    } finally {
      release();
    }
  }

  /**
   * What remains of a peer's time budget within this query, as a controller that aborts when it
   * runs out or the federated request is given up; undefined when nothing remains.
   */
  private budget(peer: string): { controller: AbortController; release: () => void; deadline: number } | undefined {
    let deadline = this.deadlines.get(peer);
    if (deadline === undefined) {
      deadline = Math.min(Date.now() + this.options.timeoutMs, this.options.deadline ?? Infinity);
      this.deadlines.set(peer, deadline);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return undefined;
    // A controller and a timer, not AbortSignal.timeout() inside AbortSignal.any(): on Node 20 the
    // combined signal can be collected before it fires, and the request then waits forever.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${remaining} ms`, 'TimeoutError')), remaining);
    const stop = () => controller.abort(new DOMException('the federated request was given up', 'AbortError'));
    this.options.signal?.addEventListener('abort', stop, { once: true });
    if (this.options.signal?.aborted === true) stop();
    return {
      controller,
      deadline,
      release: () => {
        clearTimeout(timer);
        this.options.signal?.removeEventListener('abort', stop);
      },
    };
  }

  /**
   * Records that a peer's answer could not be used (e.g. unreadable), so it is reported and not
   * asked again.
   * @param peerUrl - any URL of the peer.
   * @param detail - what was wrong.
   */
  public markFailed(peerUrl: string, detail: string): void {
    const peer = this.peerOf(new URL(peerUrl));
    if (peer !== undefined && !this.failures.has(peer)) this.failures.set(peer, { status: 'error', detail });
  }

  /** The `detail` (or `title`) of a peer's problem document, bounded; undefined when there is none. */
  private async problemOf(response: Response): Promise<string | undefined> {
    try {
      const body = await this.readCapped(response);
      if (body === undefined) return undefined;
      const problem = JSON.parse(new TextDecoder().decode(body)) as { detail?: unknown; title?: unknown };
      const text = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : undefined;
      return text?.slice(0, 300);
    } catch {
      return undefined;
    }
  }

  /**
   * A fresh PeerFetch for a second attempt at the same query: peers found down, slow or busy stay left
   * out (they are not waited for twice); the others start again.
   * @returns the new fetcher.
   */
  public retry(): PeerFetch {
    const next = new PeerFetch(this.options);
    for (const [peer, failure] of this.failures) {
      if (failure.status === 'unreachable' || failure.status === 'timeout' || failure.status === 'busy') next.failures.set(peer, failure);
    }
    return next;
  }

  /**
   * How each peer fared: every configured peer is listed; one never contacted (the query needed
   * nothing from it) counts as answering.
   * @returns the statuses, in configuration order.
   */
  public statuses(): PeerStatus[] {
    const name = this.options.displayName ?? ((p: string) => p);
    return this.peers.map((p) => p.href.replace(/\/$/, '')).map((peer) => {
      const failure = this.failures.get(peer);
      return failure === undefined ? { peer: name(peer), status: 'ok' as const } : { peer: name(peer), status: failure.status, detail: failure.detail };
    });
  }

  private fail(peer: string, status: PeerFailure, detail: string, url: URL, init: RequestInit | undefined): Response {
    this.failed(peer, status, detail);
    return emptyAnswer(url, init);
  }

  /** Records a peer's first failure; returns the empty answer of an in-process request. */
  private failed(peer: string, status: PeerFailure, detail: string): '' {
    if (!this.failures.has(peer)) this.failures.set(peer, { status, detail });
    return '';
  }

  /** The body, or undefined when it exceeds the size limit (the rest is not read). */
  private async readCapped(response: Response): Promise<Uint8Array | undefined> {
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > this.options.maxBytes) {
      await response.body?.cancel();
      return undefined;
    }
    if (response.body === null) return new Uint8Array();
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Leaving the loop early cancels the stream: the rest of an oversized answer is never read.
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > this.options.maxBytes) return undefined;
      chunks.push(chunk);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return body;
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined)?.code ?? error.message : String(error);
  return `not reachable (${cause})`;
}
