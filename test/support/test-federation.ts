import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreSeedDir } from './federation-data.js';
import type { CoreSpec } from './federation-data.js';
import { freePort } from './free-port.js';
import { startServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';

/** One core of a test federation: the service's own process on its own data, seeded with the core's records. */
export interface FederationCore {
  readonly spec: CoreSpec;
  /** Where it listens, and its PHD_BASE_URL: `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The process: its pid (memory), its logs, its exit. */
  readonly server: ServerProcess;
  /** Stops the process (SIGTERM) and waits for it to exit; a stopped core stays down. @returns when it exited. */
  readonly stop: () => Promise<void>;
}

/** The cores {@link startFederation} started. */
export interface TestFederation {
  /** In the order of the specs. */
  readonly cores: readonly FederationCore[];
  /** Stops every core and removes its data and seed directories. @returns when all are gone. */
  readonly close: () => Promise<void>;
}

/** What a federation's cores are configured with besides their records and each other. */
export interface FederationOptions {
  /** More peers each core asks (stand-ins for hostile or busy peers), after the other cores. */
  readonly peers?: readonly string[];
  /**
   * More configuration, as the service reads it (limits, timeouts, LOG_LEVEL): the same for every
   * core, or per core from its place in the specs and every core's URL (tokens, credentials).
   */
  readonly env?: Readonly<Record<string, string>> | ((index: number, urls: readonly string[]) => Readonly<Record<string, string>>);
}

/**
 * Starts a federation of real service processes (`imaging-phd serve`, which is
 * `createApp(createServices(config))` listening), one per spec, each seeded with that core's records
 * (see federation-data.ts) and naming the other cores in PHD_PEERS. The ports are chosen before
 * any core starts, since each core's peers must be known when it starts.
 * @param specs - the cores' hardware and names.
 * @param options - more peers and configuration.
 * @returns the running cores; `close()` them in `afterAll`.
 */
export async function startFederation(specs: readonly CoreSpec[], options: FederationOptions = {}): Promise<TestFederation> {
  const urls = (await Promise.all(specs.map(() => freePort()))).map((port) => `http://127.0.0.1:${port}`);
  const dirs = specs.map((spec) => ({ data: mkdtempSync(join(tmpdir(), `phd-fed-${spec.id}-`)), seed: coreSeedDir(spec) }));
  const removeDirs = () => {
    for (const dir of dirs) {
      rmSync(dir.data, { recursive: true, force: true });
      rmSync(dir.seed, { recursive: true, force: true });
    }
  };
  const started = await Promise.allSettled(specs.map(async (spec, i): Promise<FederationCore> => {
    const url = urls[i] ?? '';
    const server = await startServer({
      PORT: new URL(url).port, PHD_BASE_URL: url, PHD_DATA_DIR: dirs[i]?.data ?? '', PHD_SEED_DIR: dirs[i]?.seed ?? '',
      PHD_PEERS: [...urls.filter((other) => other !== url), ...(options.peers ?? [])].join(','), PHD_QUERY_WORKERS: '1',
      ...(typeof options.env === 'function' ? options.env(i, urls) : options.env),
    });
    const stop = async () => {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      await server.exited;
    };
    return { spec, url, server, stop };
  }));
  const cores = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    // One core did not start: stop the others, so no process outlives the test.
    await Promise.all(cores.map((core) => core.stop()));
    removeDirs();
    throw failed.reason;
  }
  return {
    cores,
    close: async () => {
      await Promise.all(cores.map((core) => core.stop()));
      removeDirs();
    },
  };
}
