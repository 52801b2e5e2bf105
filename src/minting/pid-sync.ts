import { PhdError } from '../errors/index.js';
import { landingPageOf } from '../exporters/index.js';
import type { ExportService, PidinstRecord } from '../exporters/index.js';
import type { Logger } from '../logging/index.js';
import type { RecordStore } from '../store/index.js';
import type { ProviderFor } from './create-providers.js';
import type { PidDocument, PidProvider, ProviderName, ProviderState } from './pid-provider.js';
import type { DueRegistration, PidRegistry, PushFailure } from './pid-registry.js';
import { ProviderError } from './provider-error.js';

/** Options of {@link PidSync}. */
export interface PidSyncOptions {
  readonly registry: PidRegistry;
  /** The records, read as they stand when a push is sent. */
  readonly store: Pick<RecordStore, 'meta'>;
  /** The DataCite and PIDINST exports the registered metadata is made of. */
  readonly exports: Pick<ExportService, 'export'>;
  readonly providerFor: ProviderFor;
  /** PHD_BASE_URL: the registered URL is the landing page `{baseUrl}/pid/{pid}`. */
  readonly baseUrl: string;
  /** Tries of one push before it is dead-lettered (PHD_PID_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
  /** Time limit of one provider request (PHD_PID_TIMEOUT_MS); a whole push gets {@link PUSH_TIMEOUTS} of it. */
  readonly timeoutMs: number;
  /** The first retry's delay; each next one doubles it (default 30 s). */
  readonly retryBaseMs?: number;
  /** The longest delay between tries (default 1 h). */
  readonly retryCapMs?: number;
  /** How often the log is read without being told of a change, e.g. for writes of another process (default 30 s). */
  readonly pollMs?: number;
  readonly logger?: Logger;
  /** The clock (tests; the registry's own should agree). */
  readonly now?: () => Date;
  /** The jitter's randomness, in [0, 1) (tests). */
  readonly random?: () => number;
}

/** What became of one push. */
export type PushOutcome = 'synced' | 'retry' | 'dead' | 'failed';

/** One push of a round. */
export interface PushReport {
  readonly pid: string;
  readonly outcome: PushOutcome;
  /** The provider's state after a success. */
  readonly state?: ProviderState;
  /** Why it failed. */
  readonly error?: string;
}

/** One round: revisions consumed, pushes sent. */
export interface SyncRound {
  readonly consumed: number;
  readonly pushes: readonly PushReport[];
}

/** Registrations pushed per round; the next round follows at once when there were more. */
const ROUND_SIZE = 50;

/**
 * A push's time limit, in PHD_PID_TIMEOUT_MS. A push is up to two requests (GET, then POST or PUT),
 * each bounded by that limit in providerRequest; one more limit of slack leaves those bounds to
 * fire first, so this one only stops a provider that ignores its signal.
 */
const PUSH_TIMEOUTS = 3;

/** A failure that is the record's, not the provider's: sending it again does not help until the record changes. */
class RecordRefused extends Error {}

/**
 * The pusher of the PID outbox: sends each registration that changed since its last successful
 * push to its provider, with the record's metadata as it stands now, and records the outcome in the
 * {@link PidRegistry}.
 *
 * Every push is idempotent (the provider creates or updates to the state asked for), so a push sent
 * again after a crash between the provider's answer and its recording changes nothing that
 * matters. A retryable failure (time-out, lost connection, 429, 5xx) is tried again after an
 * exponential backoff with jitter (`retryBaseMs`·2^attempts, capped, between half and all of it),
 * and dead-lettered after `maxAttempts` tries; a refusal (another 4xx, or metadata the export
 * refuses) marks the registration failed with the provider's message. Either way the other
 * registrations go on.
 *
 * In the service it runs in the background: {@link start} it, {@link nudge} it on each write, and
 * {@link close} it (which waits for the push in flight) before the store closes.
 */
export class PidSync {
  private readonly options: PidSyncOptions;
  private readonly registry: PidRegistry;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly retryBaseMs: number;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  /** The round asked for and not started yet. */
  private queued: NodeJS.Immediate | undefined;
  /** After a round that failed: no round before the timer's, whatever nudges. */
  private resting = false;

  /** @param options - registry, store, exports, providers, limits. */
  public constructor(options: PidSyncOptions) {
    this.options = options;
    this.registry = options.registry;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.retryBaseMs = options.retryBaseMs ?? 30_000;
  }

  /** Starts the background loop: a first round at once (after the caller), then rounds on {@link nudge} and when retries fall due. */
  public start(): void {
    this.started = true;
    this.nudge();
  }

  /**
   * Asks for a round soon (a record changed): once the caller's work is done, or right after the
   * round in progress; the nudges until it starts make one round; nothing before {@link start}.
   */
  public nudge(): void {
    // Resting, the round to come reads the log anyway.
    if (!this.started || this.closed || this.resting) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    if (this.queued !== undefined) return;
    clearTimeout(this.timer);
    // Never inside the caller: a write's change listener nudges, and the round's reads and pushes are no part of the write.
    this.queued = setImmediate(() => {
      this.queued = undefined;
      if (this.closed) return;
      this.running = this.loop().then((failed) => {
        this.running = undefined;
        // A registry it cannot write (e.g. SQLITE_BUSY while a command holds the file) leaves the
        // push due: without this pause the provider would be asked again at once, and again.
        if (failed) this.rest();
        else if (this.again) this.nudge();
        else this.schedule();
      });
    });
  }

  /** Stops the loop. @returns once the push in flight, if any, is recorded. */
  public async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearImmediate(this.queued);
    await this.running;
  }

  /** @returns whether a round failed (and the loop stopped). */
  private async loop(): Promise<boolean> {
    do {
      this.again = false;
      try {
        const round = await this.runOnce();
        if (round.pushes.length >= ROUND_SIZE) this.again = true;
      } catch (error) {
        // The log or the registry could not be read (e.g. the database busy): a round after the first retry's delay tries again.
        this.options.logger?.error({ error: error instanceof Error ? error.message : String(error), retryInMs: this.retryBaseMs }, 'pid sync round failed');
        return true;
      }
    } while (this.again && !this.closed);
    return false;
  }

  /** No round for the first retry's delay, whatever nudges; then one (the log may be unread). */
  private rest(): void {
    if (this.closed) return;
    this.resting = true;
    this.timer = setTimeout(() => {
      this.resting = false;
      this.nudge();
    }, this.retryBaseMs);
    this.timer.unref();
  }

  private schedule(): void {
    if (this.closed) return;
    const poll = this.options.pollMs ?? 30_000;
    let next: Date | undefined;
    try {
      next = this.registry.nextDue();
    } catch (error) {
      // The database busy or gone: look again at the next poll rather than fail outside any caller.
      this.options.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'pid sync could not read when the next push is due');
    }
    const delay = next === undefined ? poll : Math.min(poll, Math.max(0, next.getTime() - this.now().getTime()));
    this.timer = setTimeout(() => {
      this.nudge();
    }, delay);
    // The loop never keeps a process alive by itself: the server (or the caller) does.
    this.timer.unref();
  }

  /**
   * One round: consumes the log, then pushes each registration due, one after the other. After an
   * account's provider fails retryably (unreachable, 5xx), that account's other registrations wait,
   * untried, for the next round, so that one provider down does not cost every push its time-out.
   * @returns what was consumed and pushed (a registration left for the next round is not listed).
   */
  public async runOnce(): Promise<SyncRound> {
    const consumed = this.registry.consume();
    const pushes: PushReport[] = [];
    // One provider per account (createProviders), so the provider stands for its account.
    const unreachable = new Set<PidProvider>();
    for (const due of this.registry.due(ROUND_SIZE)) {
      if (this.closed) break;
      const provider = this.options.providerFor(due.facility, due.provider);
      if (provider !== undefined && unreachable.has(provider)) continue;
      pushes.push(await this.push(due, provider, unreachable));
    }
    return { consumed, pushes };
  }

  private async push(due: DueRegistration, provider: PidProvider | undefined, unreachable: Set<PidProvider>): Promise<PushReport> {
    const attempt = due.attempts + 1;
    const log = { pid: due.pid, provider: due.provider, facility: due.facility, target: due.target, attempt };
    try {
      if (provider === undefined) throw new RecordRefused(`The ${due.provider} provider${due.facility === undefined ? '' : ` of ${due.facility}`} is not configured: set its PHD_* variables and retry.`);
      const document = await this.documentOf(due);
      // A record withdrawn since the log was read is hidden, whatever the registration says yet.
      const target = document.withdrawn ? 'hidden' : due.target;
      const { state } = await this.withTimeout((signal) => provider.push(document, target, signal), due.provider);
      this.registry.recordSuccess(due.pid, due.generation, state);
      this.options.logger?.info({ ...log, outcome: 'synced', state }, 'pid pushed');
      return { pid: due.pid, outcome: 'synced', state };
    } catch (error) {
      if (provider !== undefined && error instanceof ProviderError && error.retryable) unreachable.add(provider);
      const { failure, message, status } = this.failureOf(error, attempt);
      this.registry.recordFailure(due.pid, due.generation, failure, message, status);
      const fields = { ...log, outcome: failure.kind, error: message, ...(status === undefined ? {} : { status }), ...(failure.kind === 'retry' ? { nextAttemptAt: failure.nextAttemptAt.toISOString() } : {}) };
      if (failure.kind === 'retry') this.options.logger?.warn(fields, 'pid push will be retried');
      else this.options.logger?.error(fields, failure.kind === 'dead' ? 'pid push dead-lettered' : 'pid push refused');
      return { pid: due.pid, outcome: failure.kind, error: message };
    }
  }

  /** The decision on a failed push: a refusal fails it, anything else is retried until it is dead. */
  private failureOf(error: unknown, attempt: number): { failure: PushFailure; message: string; status: number | undefined } {
    const message = error instanceof Error ? error.message : String(error);
    const status = error instanceof ProviderError ? error.providerStatus : undefined;
    const refused = error instanceof RecordRefused
      || (error instanceof ProviderError ? !error.retryable : PhdError.isInstance(error) && error.status < 500);
    if (refused) return { failure: { kind: 'failed' }, message, status };
    // A retryable error's message promises another try; a dead push gets none until an operator retries it.
    if (attempt >= this.options.maxAttempts) return { failure: { kind: 'dead' }, message: message.replace(/ It will be sent again\.$/, ''), status };
    const delay = Math.min(this.options.retryCapMs ?? 3_600_000, this.retryBaseMs * 2 ** (attempt - 1));
    // Equal jitter: between half and all of the delay, so registrations that failed together do not retry together.
    const jittered = delay / 2 + (this.random() * delay) / 2;
    return { failure: { kind: 'retry', nextAttemptAt: new Date(this.now().getTime() + jittered) }, message, status };
  }

  /** Runs a push under its time limit ({@link PUSH_TIMEOUTS}); a push past it is a retryable time-out. */
  private async withTimeout<T>(request: (signal: AbortSignal) => Promise<T>, provider: ProviderName): Promise<T> {
    const controller = new AbortController();
    // setTimeout takes at most 2^31 - 1 ms (a longer delay fires at once).
    const timeoutMs = Math.min(this.options.timeoutMs * PUSH_TIMEOUTS, 2 ** 31 - 1);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new ProviderError(provider, `The ${provider} provider did not finish a push within ${String(timeoutMs)} ms (${String(PUSH_TIMEOUTS)} × PHD_PID_TIMEOUT_MS).`, { retryable: true });
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    try {
      return await Promise.race([request(controller.signal), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What is registered, built from the record as it stands now. */
  private async documentOf(due: DueRegistration): Promise<PidDocument> {
    const meta = await this.options.store.meta(due.record);
    if (meta === undefined) throw new RecordRefused(`${due.record} is not a record here any more.`);
    if (meta.kind !== 'instance' && meta.kind !== 'configuration') throw new RecordRefused(`${due.record} is a ${meta.kind} record; only instances and configurations are registered.`);
    const base = { id: due.id, url: landingPageOf(this.options.baseUrl, due.pid), kind: meta.kind };
    // A withdrawn record is registered as its tombstone: the landing page says so, the metadata stays as last pushed.
    if (meta.deletedAt !== undefined || due.target === 'hidden') return { ...base, withdrawn: true };
    // The handle provider reads a configuration's title and version links from its DataCite XML. The
    // DataCite export insists on a DOI for its identifier; that element is not read for a handle, so
    // a record named by a handle is exported under a placeholder DOI that leaves this process never.
    const dataciteXml = due.provider === 'datacite' || meta.kind === 'configuration'
      ? (await this.options.exports.export('datacite', due.record, { variant: 'xml', ...(due.provider === 'handle' ? { doi: `10.0000/${due.id}` } : {}) })).body
      : undefined;
    const pidinst = due.provider === 'handle' && meta.kind === 'instance'
      ? JSON.parse((await this.options.exports.export('pidinst', due.record)).body) as PidinstRecord
      : undefined;
    return { ...base, withdrawn: false, ...(dataciteXml === undefined ? {} : { dataciteXml }), ...(pidinst === undefined ? {} : { pidinst }) };
  }
}
