import type { ProviderName } from './pid-provider.js';
import { ProviderError } from './provider-error.js';

/** One HTTP request to a provider. */
export interface ProviderRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** The full URL: never carries credentials (they go in `headers.authorization`). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Time limit of the whole exchange, answer body included. */
  readonly timeoutMs: number;
  /** The caller's abort signal (its own time limit, shutdown). */
  readonly signal?: AbortSignal | undefined;
}

/** A provider's answer, its body parsed as JSON when it is JSON. */
export interface ProviderAnswer {
  readonly status: number;
  /** The parsed JSON body; undefined when the body is not JSON. */
  readonly json: unknown;
  readonly text: string;
}

const NAMES: Readonly<Record<ProviderName, string>> = { datacite: 'DataCite', handle: 'The handle server' };

/**
 * The `Authorization` header of HTTP Basic.
 * @param user - the user (already encoded as the provider expects).
 * @param password - the password.
 * @returns `Basic base64(user:password)`.
 */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** The path of a URL, for messages: the host and any query stay out. */
function pathOf(url: string): string {
  return new URL(url).pathname;
}

/**
 * Sends one request to a provider under a time limit. A time-out, an abort and a lost or refused
 * connection become retryable ProviderErrors; any HTTP answer is returned for the caller to judge
 * (see {@link providerFailure}).
 * @param provider - which provider (for errors).
 * @param request - the request.
 * @returns the answer.
 * @throws ProviderError `retryable` when no answer came.
 */
export async function providerRequest(provider: ProviderName, request: ProviderRequest): Promise<ProviderAnswer> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([timeout, request.signal]);
  const label = `${request.method} ${pathOf(request.url)}`;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
      // A redirect is reported, not followed: the credentials go only where they were configured to.
      redirect: 'manual',
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  } catch (error) {
    // Only the failure's code (ECONNREFUSED…) or message goes into the error, never the request:
    // its headers carry the credentials.
    const reason = timeout.aborted
      ? `timed out after ${request.timeoutMs} ms`
      : request.signal?.aborted === true
        ? 'was aborted'
        : `failed: ${connectionReason(error)}`;
    throw new ProviderError(provider, `${NAMES[provider]} did not answer ${label}: the request ${reason}. It will be sent again.`, { retryable: true });
  }
}

/** The code of a failed connection (ECONNREFUSED, ECONNRESET, ENOTFOUND…), else the error's message. */
function connectionReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The ProviderError for an HTTP answer the caller could not accept: retryable for 408, 429 and 5xx
 * (the provider may answer later), not retryable for any other status (the request itself must
 * change: metadata, credentials, prefix).
 * @param provider - which provider.
 * @param request - what was sent (method and URL; the path is quoted).
 * @param answer - the answer.
 * @param detail - the provider's own message, extracted from its body.
 * @returns the error to throw.
 */
export function providerFailure(provider: ProviderName, request: Pick<ProviderRequest, 'method' | 'url'>, answer: ProviderAnswer, detail: string): ProviderError {
  const retryable = answer.status === 408 || answer.status === 429 || answer.status >= 500;
  const said = detail === '' ? answer.text.replace(/\s+/g, ' ').trim().slice(0, 300) : detail;
  const message = `${NAMES[provider]} answered ${answer.status} to ${request.method} ${pathOf(request.url)}${said === '' ? '' : `: ${said}`}`;
  return new ProviderError(provider, retryable ? `${message}. It will be sent again.` : message, { retryable, status: answer.status });
}
