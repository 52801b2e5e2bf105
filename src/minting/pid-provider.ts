import type { PidinstRecord } from '../exporters/index.js';

/** The authorities a PID can be registered with. */
export const PROVIDERS = ['datacite', 'handle'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/**
 * Where a registration should be. `draft`: reserved at DataCite, not resolvable (a handle resolves
 * once created, so for handles a draft is already live). `findable`: published. `hidden`: withdrawn
 * — DataCite `hide` (registered, not findable), a handle kept; both keep resolving to the tombstone
 * landing page.
 */
export type TargetState = 'draft' | 'findable' | 'hidden';

/** The state at the provider, as it last answered (DataCite's `state`; a handle is `findable` once it exists). */
export type ProviderState = 'draft' | 'registered' | 'findable';

/** What is registered for one PID: built from the record as it stands when the push is sent. */
export interface PidDocument {
  /** The identifier without resolver: `10.5072/phd-abcd-1234` or `21.T11998/phd-abcd-1234`. */
  readonly id: string;
  /** The landing page registered: `{PHD_BASE_URL}/pid/{pid}` (also the tombstone once withdrawn). */
  readonly url: string;
  readonly kind: 'instance' | 'configuration';
  /** The record was withdrawn: its landing page is a tombstone. */
  readonly withdrawn: boolean;
  /** DataCite 4.5 XML of the record (what the DataCite provider sends); absent for a withdrawn record. */
  readonly dataciteXml?: string;
  /** The PIDINST record of an instance (the handle provider's kernel values); absent otherwise. */
  readonly pidinst?: PidinstRecord;
}

/** The provider's answer to a push. */
export interface PushResult {
  readonly state: ProviderState;
}

/**
 * One registration authority: DataCite (REST API) or a Handle.Net/ePIC server (HTTP JSON REST API).
 * Implementations send credentials only in headers, never in URLs or logs.
 */
export interface PidProvider {
  readonly name: ProviderName;
  /** The prefix it mints under (`10.5072`, `21.T11998`). */
  readonly prefix: string;
  /**
   * Brings the PID at the provider to `target` with the document's metadata and URL: creates it when
   * the provider does not know it, updates it otherwise. Idempotent: the same push sent twice leaves
   * the provider as one push would.
   * @param document - what to register.
   * @param target - the state to reach.
   * @param signal - aborts the request (time-out).
   * @returns the provider's state after the push.
   * @throws ProviderError — `retryable` for time-outs, lost connections, 429 and 5xx.
   */
  push: (document: PidDocument, target: TargetState, signal?: AbortSignal) => Promise<PushResult>;
  /**
   * What the provider holds for a PID.
   * @param id - the identifier without resolver.
   * @returns its state and URL, or undefined when the provider does not know it.
   */
  lookup: (id: string, signal?: AbortSignal) => Promise<{ readonly state: ProviderState; readonly url: string } | undefined>;
}
