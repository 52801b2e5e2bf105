import { resolve } from 'node:path';
import { BadRequestError } from '../errors/phd-error.js';

/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The service configuration: typed, validated at boot, frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly baseUrl: string;
  readonly adminToken: string | undefined;
  readonly logLevel: LogLevel;
  readonly store: 'embedded';
  readonly peers: readonly string[];
  /** Time budget of each peer in a federated query or search. */
  readonly peerTimeoutMs: number;
  /** Largest answer accepted from a peer request, in bytes. */
  readonly peerMaxBytes: number;
  readonly queryTimeoutMs: number;
  readonly queryMaxResults: number;
  readonly queryWorkers: number;
  readonly maxBodyBytes: number;
  /** Seed an empty store from this directory (data/ by default; empty string disables). */
  readonly seedDir: string;
}

type Env = Readonly<Record<string, string | undefined>>;

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
  const store = merged.PHD_STORE ?? 'embedded';
  if (store !== 'embedded') {
    throw new BadRequestError(`PHD_STORE=${store}: only the embedded store is available in this version`, { code: 'bad-config' });
  }
  const adminToken = merged.PHD_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length > 0 && adminToken.length < 16) {
    throw new BadRequestError('PHD_ADMIN_TOKEN must be at least 16 characters long', { code: 'bad-config' });
  }
  return Object.freeze({
    port,
    host: merged.HOST ?? '0.0.0.0',
    dataDir: resolve(merged.PHD_DATA_DIR ?? './var'),
    baseUrl,
    adminToken: adminToken === '' ? undefined : adminToken,
    logLevel,
    store: 'embedded' as const,
    peers: Object.freeze(peers(merged.PHD_PEERS)),
    peerTimeoutMs: integer(merged, 'PHD_PEER_TIMEOUT_MS', 5_000, 100, 600_000),
    peerMaxBytes: integer(merged, 'PHD_PEER_MAX_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    queryTimeoutMs: integer(merged, 'PHD_QUERY_TIMEOUT_MS', 10_000, 100, 3_600_000),
    queryMaxResults: integer(merged, 'PHD_QUERY_MAX_RESULTS', 10_000, 1, 10_000_000),
    queryWorkers: integer(merged, 'PHD_QUERY_WORKERS', 2, 1, 16),
    maxBodyBytes: integer(merged, 'PHD_MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    seedDir: merged.PHD_SEED_DIR ?? defaults.seedDir,
  });
}
