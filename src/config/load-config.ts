import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { BadRequestError } from '../errors/index.js';

/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** An external triple store, reached through the SPARQL 1.1 Protocol and Update (PHD_STORE=<url>). */
export interface ExternalStoreConfig {
  /** The SPARQL 1.1 Protocol query endpoint (PHD_STORE). */
  readonly queryEndpoint: string;
  /** The SPARQL 1.1 Update endpoint (PHD_STORE_UPDATE; default: the query endpoint). */
  readonly updateEndpoint: string;
  /** The SPARQL 1.1 Graph Store HTTP Protocol endpoint (PHD_STORE_GSP), used for writes when set. */
  readonly graphStoreEndpoint: string | undefined;
  /** HTTP Basic credentials (PHD_STORE_USER, PHD_STORE_PASSWORD). */
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Time limit of one store request that is not a client's query (PHD_STORE_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

/**
 * How a peer proves who it is when it queries this instance (PHD_PEER_CREDENTIALS): the token
 * it sends as `Authorization: Bearer …` (its PHD_PEER_TOKEN), or an address (or CIDR range) it
 * connects from. Identified peers get the peers' rate limits instead of the anonymous ones.
 */
export type PeerCredential =
  | { readonly peer: string; readonly kind: 'token'; readonly token: string }
  | { readonly peer: string; readonly kind: 'address'; readonly address: string; readonly prefix: number; readonly family: 'ipv4' | 'ipv6' };

/** A DataCite repository account (PHD_DATACITE_*, or a facility's own). Never logged. */
export interface DataciteAccount {
  /** The REST API base URL, e.g. `https://api.test.datacite.org` (PHD_DATACITE_API). */
  readonly api: string;
  /** The repository id, the HTTP Basic user (PHD_DATACITE_REPOSITORY). */
  readonly repository: string;
  readonly password: string;
  /** The DOI prefix it mints under, e.g. `10.5072` (PHD_DATACITE_PREFIX). */
  readonly prefix: string;
}

/** A Handle.Net / ePIC server account (PHD_HANDLE_*). Never logged. */
export interface HandleAccount {
  /** The server's base URL; requests go to `{api}/api/handles/{prefix}/{suffix}` (PHD_HANDLE_API). */
  readonly api: string;
  /** The handle prefix, e.g. `21.T11998` (PHD_HANDLE_PREFIX). */
  readonly prefix: string;
  /** The HTTP Basic user, e.g. `300:0.NA/21.T11998` (PHD_HANDLE_USER). */
  readonly user: string;
  readonly password: string;
}

/** PID minting: which providers are configured. Undefined in {@link Config} when none is (minting off). */
export interface MintingConfig {
  /** The service's DataCite repository, if any. */
  readonly datacite: DataciteAccount | undefined;
  /** Facilities with their own DataCite repository: facility IRI → account (PHD_DATACITE_FACILITIES). */
  readonly facilityDatacite: ReadonlyMap<string, DataciteAccount>;
  readonly handle: HandleAccount | undefined;
  /** The provider a new record is born with when both are configured (PHD_MINT_PROVIDER; default datacite). */
  readonly defaultProvider: 'datacite' | 'handle';
  /** Tries of one push before it is dead-lettered (PHD_PID_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
  /** Time limit of one provider request (PHD_PID_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** The first retry's delay; each later one doubles it, up to an hour (PHD_PID_RETRY_BASE_MS). */
  readonly retryBaseMs: number;
}

/** The service configuration: typed, validated at boot, frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly baseUrl: string;
  readonly adminToken: string | undefined;
  readonly logLevel: LogLevel;
  /** `embedded` (SQLite + Oxigraph in PHD_DATA_DIR) or an external SPARQL store. */
  readonly store: 'embedded' | ExternalStoreConfig;
  readonly peers: readonly string[];
  /** Time budget of each peer in a federated query or search. */
  readonly peerTimeoutMs: number;
  /** Largest answer accepted from a peer request, in bytes. */
  readonly peerMaxBytes: number;
  /** The token this instance sends to its peers (PHD_PEER_TOKEN); never logged. */
  readonly peerToken: string | undefined;
  /** How the peers that query this instance are recognised (PHD_PEER_CREDENTIALS). */
  readonly peerCredentials: readonly PeerCredential[];
  /** The limits of an identified peer: requests per second, burst, queries at once (PHD_PEER_RATE_LIMIT, …). */
  readonly peerRateLimit: number;
  readonly peerRateBurst: number;
  readonly peerMaxQueries: number;
  readonly queryTimeoutMs: number;
  readonly queryMaxResults: number;
  readonly queryWorkers: number;
  /**
   * Whether the embedded store's query index is kept as a snapshot beside the database
   * (PHD_INDEX_SNAPSHOT, default true): restarts restore it instead of rebuilding the index from
   * SQLite. False saves its disk space (about 30 % of the database) and rebuilds at every start.
   */
  readonly indexSnapshot: boolean;
  /**
   * Largest size of the embedded store file, in MiB (PHD_STORE_MAX_MB; 0: no limit). A write that
   * would pass it fails as a full disk does (SQLITE_FULL), and changes nothing.
   */
  readonly storeMaxMb: number;
  /** Memory limit of one query worker, in MiB (its engine and its JavaScript heap). */
  readonly queryWorkerMemoryMb: number;
  /**
   * Heap limit of one validation thread of a bulk load, in MiB (PHD_VALIDATOR_HEAP_MB): a thread
   * that needs more fails the load with an error naming the limit, rather than taking the machine.
   */
  readonly validatorHeapMb: number;
  /** Largest serialized SPARQL answer, in bytes. */
  readonly queryMaxResultBytes: number;
  readonly maxBodyBytes: number;
  /** Requests per second one client may sustain (0: no limit), and its burst. */
  readonly rateLimit: number;
  readonly rateBurst: number;
  /** SPARQL queries one client may have running at once (0: no limit). */
  readonly clientMaxQueries: number;
  /** Express's `trust proxy`: how a client is told from its proxy (PHD_TRUST_PROXY: a hop count, or `loopback`, an address…). */
  readonly trustProxy: string | number | false;
  /** Seed an empty store from this directory (data/ by default; empty string disables). */
  readonly seedDir: string;
  /** PID minting (DataCite, handles); undefined when no provider is configured. */
  readonly minting: MintingConfig | undefined;
  /** The web workspace for facility staff: sign-in, sessions, teams. */
  readonly workspace: WorkspaceConfig;
}

/** An OpenID Connect provider people sign in with (ORCID, Keycloak, an institutional IdP). */
export interface OidcConfig {
  /** PHD_OIDC_ISSUER: the issuer URL (discovery at `{issuer}/.well-known/openid-configuration`). */
  readonly issuer: string;
  /** PHD_OIDC_CLIENT_ID, PHD_OIDC_CLIENT_SECRET: this service's client at the provider (the secret is never logged). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** PHD_OIDC_SCOPES: the scopes asked for (default `openid profile`). */
  readonly scopes: string;
  /** PHD_OIDC_NAME: the provider's name on the sign-in button (default: the issuer's host). */
  readonly name: string;
}

/** Configuration of the web workspace. */
export interface WorkspaceConfig {
  /** The OpenID Connect provider; undefined: the administrator signs in with PHD_ADMIN_TOKEN and hands out one-time links. */
  readonly oidc: OidcConfig | undefined;
  /** PHD_ADMINS: people who are administrators when signed in (ORCID iDs, or `issuer#subject`), comma-separated. */
  readonly admins: readonly string[];
  /** PHD_SESSION_HOURS: how long a workspace session lasts (default 8 h). */
  readonly sessionTtlMs: number;
  /** PHD_LINK_HOURS: how long a one-time sign-in or invitation link stays valid (default 72 h). */
  readonly linkTtlMs: number;
  /** Cookies are `Secure` when PHD_BASE_URL is https (the service is behind HTTPS). */
  readonly secureCookies: boolean;
  /** PHD_OPEN_REGISTRATION: whether a signed-in person in no team may register a new facility and manage it (default false: the administrator registers facilities and invites their first manager). */
  readonly openRegistration: boolean;
  /** PHD_SIGNIN_RATE: sign-in attempts one client may make per minute (default 10). */
  readonly signinPerMinute: number;
  /**
   * PHD_OIDC_TRUST_ORCID_CLAIM=true: the provider's `orcid` claim is taken as the person's ORCID iD
   * (for an institutional IdP that verifies ORCID iDs). Default false: only ORCID itself (orcid.org,
   * sandbox.orcid.org, whose `sub` is the iD) says who has an ORCID iD — any other provider's users
   * could otherwise claim anyone's iD.
   */
  readonly trustOrcidClaim: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The workspace's configuration (PHD_OIDC_*, PHD_ADMINS, PHD_SESSION_HOURS, PHD_LINK_HOURS,
 * PHD_OPEN_REGISTRATION, PHD_SIGNIN_RATE, PHD_OIDC_TRUST_ORCID_CLAIM).
 * @param env - the environment.
 * @param baseUrl - PHD_BASE_URL (https → Secure cookies).
 * @returns the workspace configuration.
 */
function workspace(env: Env, baseUrl: string): WorkspaceConfig {
  return Object.freeze({
    oidc: oidc(env),
    admins: Object.freeze((env.PHD_ADMINS ?? '').split(',').map((a) => a.trim()).filter(Boolean)),
    sessionTtlMs: integer(env, 'PHD_SESSION_HOURS', 8, 1, 24 * 90) * 3_600_000,
    linkTtlMs: integer(env, 'PHD_LINK_HOURS', 72, 1, 24 * 30) * 3_600_000,
    secureCookies: baseUrl.startsWith('https:'),
    // Closed unless asked: with open registration anyone the IdP signs in (ORCID: anyone) may register a facility.
    openRegistration: env.PHD_OPEN_REGISTRATION === 'true',
    signinPerMinute: integer(env, 'PHD_SIGNIN_RATE', 10, 1, 10_000),
    // PHD_OIDC_TRUST_ORCID_CLAIM: whether the provider's `orcid` claim is trusted (default false).
    trustOrcidClaim: trueOrFalse(env, 'PHD_OIDC_TRUST_ORCID_CLAIM', false),
  });
}

/**
 * PHD_OIDC_ISSUER, PHD_OIDC_CLIENT_ID, PHD_OIDC_CLIENT_SECRET (all three, or none), PHD_OIDC_SCOPES,
 * PHD_OIDC_NAME. The secret is never repeated in an error: configuration errors are printed and logged.
 */
function oidc(env: Env): OidcConfig | undefined {
  const values = together(env, ['PHD_OIDC_ISSUER', 'PHD_OIDC_CLIENT_ID', 'PHD_OIDC_CLIENT_SECRET'], 'Sign-in with an OpenID Connect provider');
  if (values === undefined) {
    for (const name of ['PHD_OIDC_SCOPES', 'PHD_OIDC_NAME']) {
      if ((env[name] ?? '').trim() !== '') throw new BadRequestError(`${name} is set but PHD_OIDC_ISSUER, PHD_OIDC_CLIENT_ID and PHD_OIDC_CLIENT_SECRET are not`, { code: 'bad-config' });
    }
    return undefined;
  }
  const rawIssuer = values.get('PHD_OIDC_ISSUER') ?? '';
  let issuer: URL;
  try {
    issuer = new URL(rawIssuer);
  } catch {
    throw new BadRequestError('PHD_OIDC_ISSUER does not parse as a URL: give the provider\'s issuer, e.g. https://orcid.org', { code: 'bad-config' });
  }
  if (issuer.protocol !== 'https:' && issuer.protocol !== 'http:') throw new BadRequestError(`PHD_OIDC_ISSUER is not an http(s) URL (it is ${issuer.protocol})`, { code: 'bad-config' });
  if (issuer.username !== '' || issuer.password !== '') throw new BadRequestError('PHD_OIDC_ISSUER must not hold credentials: give the client secret in PHD_OIDC_CLIENT_SECRET', { code: 'bad-config' });
  if (issuer.protocol === 'http:' && !isLoopbackHost(issuer.hostname)) {
    throw new BadRequestError(`PHD_OIDC_ISSUER=${issuer.href} is plain http: only a provider on this machine (localhost, 127.0.0.1, [::1]) may be reached without https`, { code: 'bad-config' });
  }
  const scopes = (env.PHD_OIDC_SCOPES ?? '').trim().split(/\s+/).filter(Boolean);
  if (scopes.length > 0 && !scopes.includes('openid')) throw new BadRequestError(`PHD_OIDC_SCOPES=${scopes.join(' ')} lacks openid, without which the provider does not sign people in`, { code: 'bad-config' });
  const name = (env.PHD_OIDC_NAME ?? '').trim();
  return Object.freeze({
    // The issuer is compared exactly with the provider's `iss`: keep it as written, without a trailing slash added.
    issuer: rawIssuer,
    clientId: values.get('PHD_OIDC_CLIENT_ID') ?? '',
    clientSecret: values.get('PHD_OIDC_CLIENT_SECRET') ?? '',
    scopes: scopes.length === 0 ? 'openid profile' : scopes.join(' '),
    name: name === '' ? issuer.host : name.slice(0, 100),
  });
}

/**
 * A switch: `true` or `false`, or unset for its default; anything else is refused at boot rather than guessed.
 * @param env - the variables.
 * @param name - the variable.
 * @param fallback - its value when unset or empty.
 * @returns the switch's value.
 */
function trueOrFalse(env: Env, name: string, fallback: boolean): boolean {
  const value = (env[name] ?? '').trim();
  if (value === '') return fallback;
  if (value === 'false') return false;
  if (value === 'true') return true;
  throw new BadRequestError(`${name}=${value.slice(0, 20)} is neither true nor false`, { code: 'bad-config' });
}

/**
 * @param hostname - a URL's hostname.
 * @returns whether it names this machine (a provider there may be reached over plain http).
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadRequestError(`${name}=${raw} is not a whole number from ${min} to ${max}`, { code: 'bad-config' });
  }
  return value;
}

/** PHD_PEERS: comma-separated http(s) base URLs of other instances. */
function peers(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((p) => p.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const peer of list) {
    if (!/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(peer)) throw new BadRequestError(`PHD_PEERS: "${peer}" is not an http(s) base URL`, { code: 'bad-config' });
  }
  return [...new Set(list)];
}

/** A peer credential token: long enough not to be guessed, and printable without spaces or commas. */
function checkToken(name: string, token: string): void {
  // The message never repeats the token: configuration errors are printed and logged.
  if (token.length < 16) throw new BadRequestError(`${name}: a peer token must be at least 16 characters long`, { code: 'bad-config' });
  if (!/^[\x21-\x7e]+$/.test(token) || token.includes(',')) {
    throw new BadRequestError(`${name}: a peer token may hold printable ASCII only, without spaces or commas`, { code: 'bad-config' });
  }
}

/** An address or CIDR range of an allow-list entry, checked. */
function addressRange(raw: string, peer: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', bits, extra] = raw.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) throw new BadRequestError(`PHD_PEER_CREDENTIALS: "${raw}" (for ${peer}) is not an IP address or CIDR range`, { code: 'bad-config' });
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!/^\d+$/.test(bits ?? String(max)) || prefix > max) throw new BadRequestError(`PHD_PEER_CREDENTIALS: "${raw}" (for ${peer}) has a prefix length outside 0–${max}`, { code: 'bad-config' });
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * PHD_PEER_CREDENTIALS: comma-separated entries `<peer base URL> token:<secret>` or
 * `<peer base URL> address:<IP or CIDR>`; a peer may have several. Each token names one peer.
 */
function peerCredentials(raw: string | undefined): PeerCredential[] {
  const entries = (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const credentials = entries.map((entry, i): PeerCredential => {
    const match = /^(\S+)\s+(token|address):(\S+)$/.exec(entry);
    if (match === null) {
      // Named by position, not quoted: a malformed entry may hold a secret.
      throw new BadRequestError(`PHD_PEER_CREDENTIALS: entry ${i + 1} is not "<peer base URL> token:<secret>" or "<peer base URL> address:<IP or CIDR>"`, { code: 'bad-config' });
    }
    const [, url = '', kind, value = ''] = match;
    const peer = url.replace(/\/+$/, '');
    if (!/^https?:\/\/[^/\s?#@]+(\/[^\s?#]*)?$/.test(peer)) throw new BadRequestError(`PHD_PEER_CREDENTIALS: "${peer.slice(0, 200)}" is not an http(s) base URL`, { code: 'bad-config' });
    if (kind === 'token') {
      checkToken(`PHD_PEER_CREDENTIALS (${peer})`, value);
      return { peer, kind: 'token', token: value };
    }
    return { peer, kind: 'address', ...addressRange(value, peer) };
  });
  const owners = new Map<string, string>();
  for (const credential of credentials) {
    if (credential.kind !== 'token') continue;
    const owner = owners.get(credential.token);
    if (owner !== undefined && owner !== credential.peer) {
      throw new BadRequestError(`PHD_PEER_CREDENTIALS: ${owner} and ${credential.peer} have the same token; give each peer its own`, { code: 'bad-config' });
    }
    owners.set(credential.token, credential.peer);
  }
  return credentials;
}

function endpointUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value is not repeated: it may hold credentials, and configuration errors are printed and logged.
    throw new BadRequestError(`${name} is neither \`embedded\` nor an http(s) URL`, { code: 'bad-config' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadRequestError(`${name} is not an http(s) URL (it is ${url.protocol})`, { code: 'bad-config' });
  if (url.username !== '' || url.password !== '') {
    throw new BadRequestError(`${name}: give the store's credentials in PHD_STORE_USER and PHD_STORE_PASSWORD, not in the URL (it is logged)`, { code: 'bad-config' });
  }
  return url.href;
}

/** PHD_TRUST_PROXY: unset (no proxy), a number of hops, or Express's names and addresses (`loopback`, `10.0.0.0/8`). */
function trustProxy(raw: string | undefined): string | number | false {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^[\w.:/, -]+$/.test(value)) throw new BadRequestError(`PHD_TRUST_PROXY=${value} is neither a hop count nor a list of addresses`, { code: 'bad-config' });
  return value;
}

/** PHD_STORE: `embedded` (default) or the query endpoint of an external SPARQL store. */
function externalStore(env: Env): 'embedded' | ExternalStoreConfig {
  const raw = (env.PHD_STORE ?? '').trim();
  if (raw === '' || raw === 'embedded') {
    for (const name of ['PHD_STORE_UPDATE', 'PHD_STORE_GSP', 'PHD_STORE_USER', 'PHD_STORE_PASSWORD']) {
      if ((env[name] ?? '') !== '') throw new BadRequestError(`${name} is set but PHD_STORE is not an external store`, { code: 'bad-config' });
    }
    return 'embedded';
  }
  const queryEndpoint = endpointUrl('PHD_STORE', raw);
  const update = (env.PHD_STORE_UPDATE ?? '').trim();
  const graphStore = (env.PHD_STORE_GSP ?? '').trim();
  const user = env.PHD_STORE_USER === '' ? undefined : env.PHD_STORE_USER;
  if (user === undefined && (env.PHD_STORE_PASSWORD ?? '') !== '') throw new BadRequestError('PHD_STORE_PASSWORD is set without PHD_STORE_USER', { code: 'bad-config' });
  return Object.freeze({
    queryEndpoint,
    updateEndpoint: update === '' ? queryEndpoint : endpointUrl('PHD_STORE_UPDATE', update),
    graphStoreEndpoint: graphStore === '' ? undefined : endpointUrl('PHD_STORE_GSP', graphStore),
    user,
    password: user === undefined ? undefined : env.PHD_STORE_PASSWORD ?? '',
    timeoutMs: integer(env, 'PHD_STORE_TIMEOUT_MS', 30_000, 100, 3_600_000),
  });
}

/** A provider's API base URL: http(s), without credentials (they are logged with the URL). */
function apiUrl(name: string, raw: string, credentials: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value is not repeated: it may hold credentials (what made it unparseable may be in them).
    throw new BadRequestError(`${name} does not parse as a URL: give an http(s) URL such as https://api.example.org`, { code: 'bad-config' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadRequestError(`${name}=${url.protocol}… is not an http(s) URL`, { code: 'bad-config' });
  // The URL is not repeated: it holds the credentials.
  if (url.username !== '' || url.password !== '') throw new BadRequestError(`${name}: give the credentials in ${credentials}, not in the URL (it is logged)`, { code: 'bad-config' });
  return url.href.replace(/\/+$/, '');
}

/** Variables that must be set together: all of them, or none. @returns the values, or undefined when none is set. */
function together(env: Env, names: readonly string[], what: string): Map<string, string> | undefined {
  const set = names.filter((n) => (env[n] ?? '').trim() !== '');
  if (set.length === 0) return undefined;
  const missing = names.filter((n) => !set.includes(n));
  if (missing.length > 0) throw new BadRequestError(`${what} needs ${names.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`, { code: 'bad-config' });
  return new Map(names.map((n) => [n, (env[n] ?? '').trim()]));
}

const DOI_PREFIX = /^10\.\d{4,9}$/;
const HANDLE_PREFIX = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

/** One DataCite account from `{stem}_API`, `_REPOSITORY`, `_PASSWORD`, `_PREFIX` (the API may come from the service's). */
function dataciteAccount(env: Env, stem: string, fallbackApi: string | undefined): DataciteAccount | undefined {
  const names = [`${stem}_REPOSITORY`, `${stem}_PASSWORD`, `${stem}_PREFIX`];
  const rawApi = (env[`${stem}_API`] ?? '').trim();
  const values = together(env, rawApi === '' && fallbackApi !== undefined ? names : [`${stem}_API`, ...names], `A DataCite repository (${stem}_*)`);
  if (values === undefined) return undefined;
  const prefix = values.get(`${stem}_PREFIX`) ?? '';
  if (!DOI_PREFIX.test(prefix)) throw new BadRequestError(`${stem}_PREFIX=${prefix} is not a DOI prefix (10. and 4 to 9 digits, e.g. 10.5072)`, { code: 'bad-config' });
  return Object.freeze({
    api: rawApi === '' && fallbackApi !== undefined ? fallbackApi : apiUrl(`${stem}_API`, rawApi, `${stem}_REPOSITORY and ${stem}_PASSWORD`),
    repository: values.get(`${stem}_REPOSITORY`) ?? '',
    password: values.get(`${stem}_PASSWORD`) ?? '',
    prefix: prefix.toLowerCase(),
  });
}

/**
 * PHD_DATACITE_FACILITIES: comma-separated `<facility>=<NAME>`, the facility as its IRI or `RRID:SCR_…`;
 * each NAME's account is read from PHD_DATACITE_<NAME>_REPOSITORY, _PASSWORD, _PREFIX (and _API, default PHD_DATACITE_API).
 */
function facilityAccounts(env: Env, fallbackApi: string | undefined): Map<string, DataciteAccount> {
  const accounts = new Map<string, DataciteAccount>();
  const entries = (env.PHD_DATACITE_FACILITIES ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const [i, entry] of entries.entries()) {
    const match = /^(\S+)=([A-Z][A-Z0-9_]*)$/.exec(entry);
    if (match === null) throw new BadRequestError(`PHD_DATACITE_FACILITIES: entry ${i + 1} is not "<facility IRI or RRID:SCR_…>=<NAME>" (NAME in capitals, e.g. ECC)`, { code: 'bad-config' });
    const [, rawFacility = '', name = ''] = match;
    const facility = /^RRID:/i.test(rawFacility) ? `https://identifiers.org/RRID:${rawFacility.slice(5).toUpperCase()}` : rawFacility;
    if (!/^https?:\/\/[^/\s]+\/\S*$/.test(facility)) throw new BadRequestError(`PHD_DATACITE_FACILITIES: "${rawFacility.slice(0, 200)}" is neither a facility IRI nor an RRID`, { code: 'bad-config' });
    const account = dataciteAccount(env, `PHD_DATACITE_${name}`, fallbackApi);
    if (account === undefined) throw new BadRequestError(`PHD_DATACITE_FACILITIES names ${name} for ${facility}, but PHD_DATACITE_${name}_REPOSITORY, _PASSWORD and _PREFIX are not set`, { code: 'bad-config' });
    if (accounts.has(facility)) throw new BadRequestError(`PHD_DATACITE_FACILITIES names ${facility} twice`, { code: 'bad-config' });
    accounts.set(facility, account);
  }
  return accounts;
}

/** PHD_HANDLE_*: a Handle.Net / ePIC server, all four variables or none. */
function handleAccount(env: Env): HandleAccount | undefined {
  const values = together(env, ['PHD_HANDLE_API', 'PHD_HANDLE_PREFIX', 'PHD_HANDLE_USER', 'PHD_HANDLE_PASSWORD'], 'A handle server');
  if (values === undefined) return undefined;
  const prefix = values.get('PHD_HANDLE_PREFIX') ?? '';
  if (!HANDLE_PREFIX.test(prefix)) throw new BadRequestError(`PHD_HANDLE_PREFIX=${prefix.slice(0, 100)} is not a handle prefix (e.g. 21.T11998)`, { code: 'bad-config' });
  return Object.freeze({
    api: apiUrl('PHD_HANDLE_API', values.get('PHD_HANDLE_API') ?? '', 'PHD_HANDLE_USER and PHD_HANDLE_PASSWORD'),
    prefix,
    user: values.get('PHD_HANDLE_USER') ?? '',
    password: values.get('PHD_HANDLE_PASSWORD') ?? '',
  });
}

/** The minting configuration: undefined (minting off) when no provider is configured. */
function minting(env: Env): MintingConfig | undefined {
  // PHD_DATACITE_API alone is the API the facilities' own repositories share.
  const apiOnly = (env.PHD_DATACITE_FACILITIES ?? '').trim() !== '' && ['REPOSITORY', 'PASSWORD', 'PREFIX'].every((n) => (env[`PHD_DATACITE_${n}`] ?? '').trim() === '');
  const datacite = apiOnly ? undefined : dataciteAccount(env, 'PHD_DATACITE', undefined);
  const facilityDatacite = facilityAccounts(env, datacite?.api ?? ((env.PHD_DATACITE_API ?? '').trim() === '' ? undefined : apiUrl('PHD_DATACITE_API', (env.PHD_DATACITE_API ?? '').trim(), 'PHD_DATACITE_REPOSITORY and PHD_DATACITE_PASSWORD')));
  const handle = handleAccount(env);
  const requested = (env.PHD_MINT_PROVIDER ?? '').trim();
  if (datacite === undefined && facilityDatacite.size === 0 && handle === undefined) {
    if (requested !== '') throw new BadRequestError(`PHD_MINT_PROVIDER=${requested} is set but no provider is configured (PHD_DATACITE_* or PHD_HANDLE_*)`, { code: 'bad-config' });
    return undefined;
  }
  if (requested !== '' && requested !== 'datacite' && requested !== 'handle') throw new BadRequestError(`PHD_MINT_PROVIDER=${requested.slice(0, 50)} is neither datacite nor handle`, { code: 'bad-config' });
  if (requested === 'handle' && handle === undefined) throw new BadRequestError('PHD_MINT_PROVIDER=handle but PHD_HANDLE_* is not configured', { code: 'bad-config' });
  if (requested === 'datacite' && datacite === undefined && facilityDatacite.size === 0) throw new BadRequestError('PHD_MINT_PROVIDER=datacite but no DataCite repository is configured', { code: 'bad-config' });
  const defaultProvider = requested === 'handle' || (requested === '' && datacite === undefined && facilityDatacite.size === 0) ? 'handle' : 'datacite';
  return Object.freeze({
    datacite,
    facilityDatacite,
    handle,
    defaultProvider,
    maxAttempts: integer(env, 'PHD_PID_MAX_ATTEMPTS', 8, 1, 100),
    timeoutMs: integer(env, 'PHD_PID_TIMEOUT_MS', 10_000, 100, 600_000),
    retryBaseMs: integer(env, 'PHD_PID_RETRY_BASE_MS', 5_000, 10, 3_600_000),
  });
}

/**
 * Reads the configuration. The only reader of `process.env`; flags (`--port 4000`, `--data-dir d`,
 * `--base-url u`) override the environment.
 *
 * @param env - environment variables.
 * @param flags - CLI flags already parsed (`{ port: '4000' }`).
 * @param defaults - the seed directory to use by default.
 * @returns the frozen configuration.
 */
export function loadConfig(env: Env, flags: Readonly<Record<string, string>> = {}, defaults: { seedDir: string } = { seedDir: '' }): Config {
  const merged: Env = {
    ...env,
    ...(flags.port === undefined ? {} : { PORT: flags.port }),
    ...(flags['data-dir'] === undefined ? {} : { PHD_DATA_DIR: flags['data-dir'] }),
    ...(flags['base-url'] === undefined ? {} : { PHD_BASE_URL: flags['base-url'] }),
  };
  const port = integer(merged, 'PORT', 3000, 0, 65535);
  const baseUrl = (merged.PHD_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(baseUrl)) {
    throw new BadRequestError(`PHD_BASE_URL=${baseUrl} is not an http(s) URL`, { code: 'bad-config' });
  }
  const logLevel = (merged.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new BadRequestError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`, { code: 'bad-config' });
  const store = externalStore(merged);
  const adminToken = merged.PHD_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length > 0 && adminToken.length < 16) {
    throw new BadRequestError('PHD_ADMIN_TOKEN must be at least 16 characters long', { code: 'bad-config' });
  }
  const peerToken = merged.PHD_PEER_TOKEN === undefined || merged.PHD_PEER_TOKEN === '' ? undefined : merged.PHD_PEER_TOKEN;
  if (peerToken !== undefined) checkToken('PHD_PEER_TOKEN', peerToken);
  return Object.freeze({
    port,
    host: merged.HOST ?? '0.0.0.0',
    dataDir: resolve(merged.PHD_DATA_DIR ?? './var'),
    baseUrl,
    adminToken: adminToken === '' ? undefined : adminToken,
    logLevel,
    store,
    peers: Object.freeze(peers(merged.PHD_PEERS)),
    peerTimeoutMs: integer(merged, 'PHD_PEER_TIMEOUT_MS', 5_000, 100, 600_000),
    peerMaxBytes: integer(merged, 'PHD_PEER_MAX_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    peerToken,
    peerCredentials: Object.freeze(peerCredentials(merged.PHD_PEER_CREDENTIALS)),
    peerRateLimit: integer(merged, 'PHD_PEER_RATE_LIMIT', 1_000, 0, 1_000_000),
    peerRateBurst: integer(merged, 'PHD_PEER_RATE_BURST', 2_000, 1, 1_000_000),
    peerMaxQueries: integer(merged, 'PHD_PEER_MAX_QUERIES', 32, 0, 1_000),
    queryTimeoutMs: integer(merged, 'PHD_QUERY_TIMEOUT_MS', 10_000, 100, 3_600_000),
    queryMaxResults: integer(merged, 'PHD_QUERY_MAX_RESULTS', 10_000, 1, 10_000_000),
    queryWorkers: integer(merged, 'PHD_QUERY_WORKERS', 2, 1, 16),
    indexSnapshot: trueOrFalse(merged, 'PHD_INDEX_SNAPSHOT', true),
    storeMaxMb: integer(merged, 'PHD_STORE_MAX_MB', 0, 0, 1024 * 1024 * 1024),
    queryWorkerMemoryMb: integer(merged, 'PHD_QUERY_WORKER_MEMORY_MB', 1024, 256, 5120),
    validatorHeapMb: integer(merged, 'PHD_VALIDATOR_HEAP_MB', 512, 64, 16_384),
    queryMaxResultBytes: integer(merged, 'PHD_QUERY_MAX_RESULT_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxBodyBytes: integer(merged, 'PHD_MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    rateLimit: integer(merged, 'PHD_RATE_LIMIT', 100, 0, 1_000_000),
    rateBurst: integer(merged, 'PHD_RATE_BURST', 200, 1, 1_000_000),
    clientMaxQueries: integer(merged, 'PHD_CLIENT_MAX_QUERIES', 4, 0, 1_000),
    trustProxy: trustProxy(merged.PHD_TRUST_PROXY),
    seedDir: merged.PHD_SEED_DIR ?? defaults.seedDir,
    minting: minting(merged),
    workspace: workspace(merged, baseUrl),
  });
}
