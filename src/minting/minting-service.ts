import type { MintingConfig } from '../config/index.js';
import { parsePid, pidFromIri } from '../domain/index.js';
import type { Pid, Principal, RecordKind } from '../domain/index.js';
import { BadRequestError, ConflictError, ForbiddenError, GoneError, InvalidPidError, NotFoundError, UnprocessableError } from '../errors/index.js';
import type { RecordMeta, RecordStore } from '../store/index.js';
import { accountFor, mintedPrefixes } from './minting-accounts.js';
import type { MintingHealth, MintOptions, PidMinting, PidRegistration, SyncState } from './pid-minting.js';
import { PROVIDERS } from './pid-provider.js';
import type { ProviderName } from './pid-provider.js';
import { prefixesFor, registrarOf } from './pid-registry.js';
import type { PidRegistry } from './pid-registry.js';
import { newPidSuffix } from './pid-suffix.js';

/**
 * Renames a record to the PID it adopts, in one store transaction (RecordService.adopt): the old
 * IRI stays an alias.
 */
export type AdoptPid = (oldIri: string, newIri: string, principal: Principal) => Promise<void>;

/** Checks that a principal may write a record (RecordService.authorize); throws ForbiddenError otherwise. */
export type AuthorizeWrite = (principal: Principal, record: { kind: RecordKind; facility: string | undefined; team?: string | undefined; createdBy: string; iri: string }) => void;

/** Dependencies of {@link MintingService}. */
export interface MintingServiceOptions {
  readonly minting: MintingConfig;
  readonly registry: PidRegistry;
  /** The records, and the aliases of those that adopted a PID. */
  readonly store: Pick<RecordStore, 'meta' | 'canonicalOf'>;
  readonly authorize: AuthorizeWrite;
  readonly adopt: AdoptPid;
  /** PHD_BASE_URL: records named `{baseUrl}/id/…` have a local IRI and may adopt a PID. */
  readonly baseUrl: string;
  /** Tells the pusher something is due (PidSync.nudge). */
  readonly nudge?: () => void;
}

const MINTABLE: ReadonlySet<RecordKind> = new Set(['instance', 'configuration']);

/** The PID scheme each provider registers. */
const SCHEME = { datacite: 'doi', handle: 'handle' } as const satisfies Record<ProviderName, 'doi' | 'handle'>;

/** The provider that registers each PID scheme. */
const SCHEME_PROVIDER: Partial<Record<string, ProviderName>> = { doi: 'datacite', handle: 'handle' };

/**
 * The minting operations over the PID registry: give a record a registered PID (registering the
 * PID it is named by, or adopting a new one as its name), publish it, and read and retry the
 * registrations. Pushing is the outbox's job (PidSync): every operation here only marks, in the
 * store's database, and nudges the pusher, so it succeeds while a provider is unreachable.
 */
export class MintingService implements PidMinting {
  private readonly options: MintingServiceOptions;
  private readonly registry: PidRegistry;
  private readonly minting: MintingConfig;

  /** @param options - configuration, registry, store, authorization, adoption. */
  public constructor(options: MintingServiceOptions) {
    this.options = options;
    this.registry = options.registry;
    this.minting = options.minting;
  }

  /**
   * Gives a record a registered PID. A record named by a PID under a prefix minted here is
   * registered as it is; a record with a local IRI adopts a new PID (`phd-xxxx-xxxx` under the
   * provider's prefix, or `options.pid`), which becomes its name. Checked before anything changes:
   * the provider, the PID, the record and the principal's right to write it.
   * @param iri - the record (its IRI or PID in any spelling).
   * @param principal - who asks.
   * @param options - provider, PID to adopt, publish at once.
   * @returns the registration, keyed by the record's (new) name.
   * @throws BadRequestError `provider-not-configured`, `provider-mismatch`, `pid-outside-prefix`,
   *   `pid-mismatch`; NotFoundError, GoneError; ForbiddenError; UnprocessableError `not-mintable`
   *   (another kind of record), `named-by-external-pid` (a record named by a PID registered elsewhere).
   */
  public async mint(iri: string, principal: Principal, options: MintOptions = {}): Promise<PidRegistration> {
    const asked = this.providerAsked(options.provider);
    const record = await this.writable(iri, principal);
    if (!MINTABLE.has(record.kind)) {
      throw new UnprocessableError(`${record.iri} is a ${record.kind} record; PIDs are registered for instrument instances and hardware configurations only.`, { code: 'not-mintable', details: { iri: record.iri, kind: record.kind } });
    }
    const own = pidFromIri(record.iri);
    // An existing registration keeps the facility it was registered for; a new one takes the facility's own prefix only.
    const registrar = this.registry.get(record.iri) ?? (own === undefined ? undefined : registrarOf(this.minting, own, record.facility));
    let registration: PidRegistration;
    if (own !== undefined && registrar === undefined && mintedPrefixes(this.minting).has(own.id.slice(0, own.id.indexOf('/')).toLowerCase())) {
      throw this.outsidePrefix(own.id, SCHEME_PROVIDER[own.scheme] ?? this.minting.defaultProvider, record.facility);
    }
    if (registrar !== undefined) {
      if (asked !== undefined && asked !== registrar.provider) {
        throw new BadRequestError(`${record.iri} is named by a ${registrar.provider === 'datacite' ? 'DOI' : 'handle'}, registered with ${registrar.provider}, not ${asked}: omit the provider or give ${registrar.provider}.`, { code: 'provider-mismatch' });
      }
      if (options.pid !== undefined && this.pidWithin(options.pid, registrar.provider, record.facility).iri !== record.iri) {
        throw new BadRequestError(`${record.iri} is named by its PID already, so it is registered under it, not ${options.pid}: omit the PID or give ${own?.id ?? record.iri}.`, { code: 'pid-mismatch' });
      }
      this.spelledOnce(record.iri);
      registration = this.registry.ensure(record.iri, record.facility);
    } else if (record.iri.startsWith(`${this.options.baseUrl.replace(/\/+$/, '')}/id/`)) {
      const pid = this.newPid(asked ?? this.minting.defaultProvider, record.facility, options.pid);
      this.spelledOnce(pid.iri);
      await this.options.adopt(record.iri, pid.iri, principal);
      registration = this.registry.ensure(pid.iri, record.facility);
    } else {
      throw new UnprocessableError(
        `${record.iri} is named by ${own === undefined ? 'an IRI' : own.curie} that this service does not mint under, and a PID is never renamed: register it where it was minted, or mint a record named by a local IRI.`,
        { code: 'named-by-external-pid', details: { iri: record.iri } },
      );
    }
    if (options.publish === true) registration = this.registry.publish(registration.pid);
    this.options.nudge?.();
    return registration;
  }

  /**
   * Makes a registered PID findable.
   * @param iri - the record (its IRI or PID in any spelling).
   * @param principal - who asks.
   * @returns the registration.
   * @throws NotFoundError, GoneError, ForbiddenError; ConflictError when the record has no PID registered here.
   */
  public async publish(iri: string, principal: Principal): Promise<PidRegistration> {
    const record = await this.writable(iri, principal);
    if (this.registry.get(record.iri) === undefined) {
      throw new ConflictError(`${record.iri} has no PID registered here: mint it first (imaging-phd mint ${record.iri} --publish, or POST /records/{id}/mint with the body {"publish": true}).`);
    }
    const registration = this.registry.publish(record.iri);
    this.options.nudge?.();
    return registration;
  }

  /**
   * @param iri - a PID or record (any spelling).
   * @returns its registration, if any.
   */
  public async registration(iri: string): Promise<PidRegistration | undefined> {
    return this.registry.get(await this.nameOf(iri));
  }

  /**
   * @param sync - only those in this state.
   * @param facility - only those of this facility's records.
   * @returns the registrations.
   */
  public registrations(sync?: SyncState, facility?: string): Promise<PidRegistration[]> {
    return Promise.resolve(this.registry.list(sync, facility));
  }

  /**
   * Sends failed and dead pushes again.
   * @param iri - one PID or record (any spelling); all when undefined.
   * @returns how many were queued again.
   * @throws NotFoundError when the PID given is not registered here.
   */
  public async retry(iri?: string): Promise<number> {
    const pid = iri === undefined ? undefined : await this.nameOf(iri);
    if (pid !== undefined && this.registry.get(pid) === undefined) throw new NotFoundError(`${iri ?? ''} has no PID registered here.`);
    const queued = this.registry.retry(pid);
    this.options.nudge?.();
    return queued;
  }

  /** @returns the configured providers and the registrations' counts, for /health. */
  public health(): MintingHealth {
    const providers = PROVIDERS.filter((p) => (p === 'handle' ? this.minting.handle !== undefined : this.minting.datacite !== undefined || this.minting.facilityDatacite.size > 0));
    return { providers, ...this.registry.counts() };
  }

  private providerAsked(provider: string | undefined): ProviderName | undefined {
    if (provider === undefined) return undefined;
    if (!(PROVIDERS as readonly string[]).includes(provider)) {
      throw new BadRequestError(`Unknown provider "${provider}": use ${PROVIDERS.join(' or ')}.`, { code: 'provider-not-configured', details: { provider, providers: PROVIDERS } });
    }
    return provider as ProviderName;
  }

  /** The live record, once the principal may write it. */
  private async writable(iri: string, principal: Principal): Promise<RecordMeta> {
    const name = await this.nameOf(iri);
    const record = await this.options.store.meta(name);
    if (record === undefined) throw new NotFoundError(`No record ${name}.`);
    if (record.deletedAt !== undefined) throw new GoneError(`${name} was withdrawn on ${record.deletedAt}.`);
    this.options.authorize(principal, record);
    // A PID is public and lasts: minting and publishing are the team managers' (API tokens act as managers).
    if (!principal.admin && principal.role !== 'manager') {
      throw new ForbiddenError(`Minting or publishing the PID of ${name} needs the manager role in its team; an editor writes records but does not mint — ask a manager of the team.`);
    }
    return record;
  }

  /** The record's current name: a PID in any spelling canonical, a former name (alias) followed to the record's new one. */
  private async nameOf(iri: string): Promise<string> {
    const name = canonical(iri);
    return (await this.options.store.canonicalOf(name)) ?? name;
  }

  /** A new PID for a record of this facility: `options.pid`, or a new suffix under the provider's prefix. */
  private newPid(provider: ProviderName, facility: string | undefined, given: string | undefined): Pid {
    const account = accountFor(this.minting, facility, provider);
    if (account === undefined) {
      throw new BadRequestError(`The ${provider} provider is not configured here${provider === 'datacite' ? ' (PHD_DATACITE_*)' : ' (PHD_HANDLE_*)'}; configured: ${this.health().providers.join(', ') || 'none'}.`, { code: 'provider-not-configured', details: { provider } });
    }
    // A bare `prefix/suffix` reads as a DOI or as nothing: a handle is written with its scheme.
    return given === undefined
      ? parsePid(`${provider === 'handle' ? 'hdl:' : ''}${account.account.prefix}/${newPidSuffix()}`, SCHEME[provider])
      : this.pidWithin(given, provider, facility);
  }

  /** A PID given by the client, which must be of the provider's scheme and under a prefix it mints under here. */
  private pidWithin(given: string, provider: ProviderName, facility: string | undefined): Pid {
    const scheme = SCHEME[provider];
    let pid: Pid | undefined;
    try {
      // A bare `prefix/suffix` names a handle when the handle provider is asked for.
      pid = parsePid(scheme === 'handle' && !/^(hdl:|https?:)/i.test(given.trim()) ? `hdl:${given.trim()}` : given, scheme);
    } catch (error) {
      if (!(error instanceof InvalidPidError)) throw error;
    }
    const registrar = pid === undefined ? undefined : registrarOf(this.minting, pid, facility);
    if (pid === undefined || registrar?.provider !== provider) throw this.outsidePrefix(given, provider, facility);
    if (pid.scheme !== 'handle') return pid;
    // Handle.Net compares handles case-insensitively: the prefix is written as configured.
    const prefix = accountFor(this.minting, facility, 'handle')?.account.prefix ?? '';
    return parsePid(`hdl:${prefix}${pid.id.slice(pid.id.indexOf('/'))}`, 'handle');
  }

  /**
   * Refuses a PID whose other spelling is registered or names a record (handles are case-insensitive).
   * @throws ConflictError naming the other spelling.
   */
  private spelledOnce(pid: string): void {
    const other = this.registry.spelledOtherwise(pid);
    if (other !== undefined) {
      throw new ConflictError(`${pid} is the same handle as ${other}, which is registered or names a record already: handles are compared case-insensitively.`, { details: { pid, existing: other } });
    }
  }

  /** The refusal of a PID outside the prefixes this facility may register under with a provider. */
  private outsidePrefix(given: string, provider: ProviderName, facility: string | undefined): BadRequestError {
    const prefixes = prefixesFor(this.minting, facility, provider);
    const what = provider === 'datacite' ? 'DOI' : 'handle';
    return new BadRequestError(`"${given}" is not a ${what} under a prefix this facility mints under with ${provider} (${prefixes.join(', ') || 'none'}).`, { code: 'pid-outside-prefix', details: { pid: given, provider, prefixes } });
  }
}

/** A PID in any spelling as its canonical IRI; any other IRI as it is. */
function canonical(iri: string): string {
  try {
    const pid = parsePid(iri, ['doi', 'handle']);
    return pid.iri;
  } catch (error) {
    if (error instanceof InvalidPidError) return iri;
    throw error;
  }
}
