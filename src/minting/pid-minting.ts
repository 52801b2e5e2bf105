import type { Principal } from '../domain/index.js';
import type { ProviderName, ProviderState, TargetState } from './pid-provider.js';

/**
 * How one registration stands with its provider: `synced` (the provider holds the current metadata
 * and state), `pending` (a push is due or being retried), `failed` (the provider refused the last
 * push with a 4xx — `lastError` is its message; retried after the next change or `pid retry`),
 * `dead` (PHD_PID_MAX_ATTEMPTS retryable failures in a row; only `pid retry` sends it again).
 */
export type SyncState = 'synced' | 'pending' | 'failed' | 'dead';

/** One PID this service registers, as /health, the CLI and the landing page show it. */
export interface PidRegistration {
  /** The PID's canonical IRI (`https://doi.org/10.5072/phd-abcd-1234`), the record's name. */
  readonly pid: string;
  /** The identifier without resolver (`10.5072/phd-abcd-1234`). */
  readonly id: string;
  readonly provider: ProviderName;
  /** The facility whose account registers it (undefined: the service's account). */
  readonly facility: string | undefined;
  /** Where it should be: draft until published, findable, hidden once withdrawn. */
  readonly target: TargetState;
  /** What the provider last confirmed; undefined until the first push succeeded. */
  readonly providerState: ProviderState | undefined;
  readonly sync: SyncState;
  /** Failed tries since the last success. */
  readonly attempts: number;
  /** When the next try is due (ISO 8601), while pending after a failure. */
  readonly nextAttemptAt: string | undefined;
  /** The provider's message (or the local reason) of the last failure. */
  readonly lastError: string | undefined;
  /** The provider's HTTP status of the last failure, when it answered. */
  readonly lastStatus: number | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Options of {@link PidMinting.mint}. */
export interface MintOptions {
  /** The provider to mint with (default: PHD_MINT_PROVIDER, else the one configured). */
  readonly provider?: ProviderName;
  /** A PID to adopt instead of a new suffix (must be under a configured prefix), e.g. `10.5072/abc`. */
  readonly pid?: string;
  /** Make it findable at once. */
  readonly publish?: boolean;
}

/** Counts for /health. */
export interface MintingHealth {
  readonly providers: readonly ProviderName[];
  readonly registrations: number;
  readonly pending: number;
  readonly failed: number;
  readonly dead: number;
}

/**
 * The minting operations the HTTP API, the CLI and the pages use. Every method that changes
 * something checks that the principal may write the record (facility token or admin) and throws
 * the usual problem-details errors (ForbiddenError, NotFoundError, ConflictError, BadRequestError
 * for an unknown provider or a PID outside the configured prefixes) with nothing changed.
 */
export interface PidMinting {
  /**
   * Gives a record a registered PID: a record already named under a configured prefix is
   * registered as it is; a record with a local IRI adopts a new PID (or `options.pid`), which
   * becomes its name (the old IRI redirects). The draft registration follows through the outbox.
   * @returns the registration (keyed by the record's new name).
   */
  readonly mint: (iri: string, principal: Principal, options?: MintOptions) => Promise<PidRegistration>;
  /** Makes a registered PID findable (DataCite `publish`). @returns the registration. */
  readonly publish: (iri: string, principal: Principal) => Promise<PidRegistration>;
  /** @returns the registration of a PID (or of the record it names, or of a record's old name), if any. */
  readonly registration: (iri: string) => Promise<PidRegistration | undefined>;
  /** @returns every registration, or those in one sync state, or those of one facility's records. */
  readonly registrations: (sync?: SyncState, facility?: string) => Promise<PidRegistration[]>;
  /** Sends failed and dead pushes again (all, or one PID's). @returns how many were re-queued. */
  readonly retry: (iri?: string) => Promise<number>;
  readonly health: () => MintingHealth;
}
