import { PhdError } from '../errors/index.js';
import type { ProviderName } from './pid-provider.js';

/**
 * A provider refused or did not answer a request. `retryable` (time-out, lost connection, 429, 5xx):
 * the push is tried again later with backoff. Not retryable (another 4xx, e.g. invalid metadata or
 * wrong credentials): the registration is marked failed with the provider's own message and
 * nothing else is blocked. Maps to 502 when it reaches a client.
 */
export class ProviderError extends PhdError {
  public readonly provider: ProviderName;
  public readonly retryable: boolean;
  /** The provider's HTTP status, when it answered. */
  public readonly providerStatus: number | undefined;

  /**
   * @param provider - which provider.
   * @param message - what happened, with the provider's own message quoted (never a credential).
   * @param options - whether a retry may succeed, the provider's status, the cause.
   */
  public constructor(provider: ProviderName, message: string, options: { retryable: boolean; status?: number; cause?: unknown }) {
    super(502, 'provider-error', message, { cause: options.cause, details: { provider, retryable: options.retryable, ...(options.status === undefined ? {} : { providerStatus: options.status }) } });
    this.provider = provider;
    this.retryable = options.retryable;
    this.providerStatus = options.status;
  }
}
