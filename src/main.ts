import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createServices } from './app/index.js';
import type { Services } from './app/index.js';
import type { Config } from './config/index.js';
import { createApp } from './http/index.js';
import { answerClientError } from './http/index.js';
import type { Logger } from './logging/index.js';

/** The file that marks a data directory as served by a running process (its pid). */
export function lockPath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'serve.lock');
}

/**
 * The pid of the service running on a data directory, if one is.
 * @param config - configuration.
 * @returns the pid, or undefined (no lock, or a stale lock left by a crash).
 */
export function runningServicePid(config: Pick<Config, 'dataDir'>): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockPath(config), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** The running service. */
export interface RunningService {
  readonly server: Server;
  readonly url: string;
  readonly services: Services;
  readonly close: () => Promise<void>;
}

/**
 * Runs the service: load config (the caller) → create services → create app → listen; `close()`
 * shuts down: closes the listener, lets requests in flight finish, then closes the services.
 * @param config - configuration.
 * @param logger - structured logger.
 * @returns the running service.
 */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  // Other processes (imaging-phd load) must not write behind the running service's query index.
  // A fresh checkout has no data directory yet (`npm start` makes ./var).
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(lockPath(config), String(process.pid));
  const services = await createServices(config, { logger }).catch((error: unknown) => {
    rmSync(lockPath(config), { force: true });
    throw error;
  });
  const app = createApp(services);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  server.on('clientError', answerClientError);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  // The federated engine queries this instance's own /sparql over loopback, like any peer.
  const loopbackHost = config.host === '0.0.0.0' || config.host === '::' || config.host === '' ? '127.0.0.1' : config.host;
  services.listeningOn(`http://${loopbackHost.includes(':') ? `[${loopbackHost}]` : loopbackHost}:${port}/sparql`);
  logger.info({ port, baseUrl: config.baseUrl, dataDir: config.dataDir, store: config.store === 'embedded' ? 'embedded' : config.store.queryEndpoint }, 'listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info({}, 'shutting down');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await stopped;
      await services.close();
      rmSync(lockPath(config), { force: true });
      logger.info({}, 'stopped');
    })();
    return closing;
  };
  return { server, url: `http://127.0.0.1:${port}`, services, close };
}
