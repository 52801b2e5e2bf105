import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';

describe('loadConfig: PHD_STORE', () => {
  it('is the embedded store by default, and for "embedded".', () => {
    expect(loadConfig({}).store).toBe('embedded');
    expect(loadConfig({ PHD_STORE: 'embedded' }).store).toBe('embedded');
  });

  it('names an external store by its query endpoint, with update endpoint, credentials and time limit.', () => {
    expect(loadConfig({ PHD_STORE: 'http://127.0.0.1:8890/sparql' }).store).toEqual({
      queryEndpoint: 'http://127.0.0.1:8890/sparql', updateEndpoint: 'http://127.0.0.1:8890/sparql', user: undefined, password: undefined, timeoutMs: 30_000,
    });
    expect(loadConfig({
      PHD_STORE: 'https://fuseki.example/phd/query', PHD_STORE_UPDATE: 'https://fuseki.example/phd/update',
      PHD_STORE_USER: 'phd', PHD_STORE_PASSWORD: 's3cret', PHD_STORE_TIMEOUT_MS: '5000',
    }).store).toEqual({
      queryEndpoint: 'https://fuseki.example/phd/query', updateEndpoint: 'https://fuseki.example/phd/update', user: 'phd', password: 's3cret', timeoutMs: 5000,
    });
  });

  it('refuses what is not an http(s) endpoint, credentials in the URL, and store options without a store.', () => {
    for (const [env, message] of [
      [{ PHD_STORE: 'virtuoso' }, /neither `embedded` nor an http\(s\) URL/],
      [{ PHD_STORE: 'file:///var/lib/store' }, /not an http\(s\) URL/],
      [{ PHD_STORE: 'http://dba:dba@127.0.0.1:8890/sparql' }, /PHD_STORE_USER/],
      [{ PHD_STORE: 'http://127.0.0.1:8890/sparql', PHD_STORE_UPDATE: 'ftp://x' }, /PHD_STORE_UPDATE/],
      [{ PHD_STORE_USER: 'phd' }, /PHD_STORE is not an external store/],
      [{ PHD_STORE: 'http://127.0.0.1:8890/sparql', PHD_STORE_PASSWORD: 'x' }, /without PHD_STORE_USER/],
      [{ PHD_STORE: 'http://127.0.0.1:8890/sparql', PHD_STORE_TIMEOUT_MS: '10' }, /PHD_STORE_TIMEOUT_MS/],
    ] as const) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    }
  });

  it('never repeats a refused store URL, which may hold a password.', () => {
    for (const raw of ['ftp://dba:store-secret-1@127.0.0.1/sparql', 'http://dba:store-secret-1@127.0.0.1 :8890/sparql']) {
      expect(() => loadConfig({ PHD_STORE: raw })).toThrow(/PHD_STORE/);
      expect(() => loadConfig({ PHD_STORE: raw })).not.toThrow(/store-secret-1/);
    }
  });
});

describe('loadConfig: validation threads of a bulk load', () => {
  it('gives each validation thread a 512 MiB heap by default, takes another value, and refuses what is not a whole number of MiB.', () => {
    expect(loadConfig({}).validatorHeapMb).toBe(512);
    expect(loadConfig({ PHD_VALIDATOR_HEAP_MB: '1024' }).validatorHeapMb).toBe(1024);
    for (const value of ['0', '32', 'lots', '1.5', '-1']) {
      expect(() => loadConfig({ PHD_VALIDATOR_HEAP_MB: value }), value).toThrow(/PHD_VALIDATOR_HEAP_MB=.* is not a whole number from 64 to 16384/);
    }
  });
});

describe('loadConfig: the query index snapshot', () => {
  it('keeps the snapshot by default, and takes true or false only.', () => {
    expect(loadConfig({}).indexSnapshot).toBe(true);
    expect(loadConfig({ PHD_INDEX_SNAPSHOT: 'false' }).indexSnapshot).toBe(false);
    expect(loadConfig({ PHD_INDEX_SNAPSHOT: 'true' }).indexSnapshot).toBe(true);
    expect(() => loadConfig({ PHD_INDEX_SNAPSHOT: 'no' })).toThrow(/PHD_INDEX_SNAPSHOT=no is neither true nor false/);
  });
});

describe('loadConfig: query worker memory', () => {
  it('gives each query worker 1024 MiB and answers at most 64 MiB by default, and takes other values.', () => {
    expect(loadConfig({})).toMatchObject({ queryWorkerMemoryMb: 1024, queryMaxResultBytes: 64 * 1024 * 1024 });
    expect(loadConfig({ PHD_QUERY_WORKER_MEMORY_MB: '256', PHD_QUERY_MAX_RESULT_BYTES: '100000' })).toMatchObject({ queryWorkerMemoryMb: 256, queryMaxResultBytes: 100_000 });
  });

  it('refuses a limit no index fits in, one past what the engine can address, and what is not a number.', () => {
    for (const value of ['192', '6000', '1.5', 'lots', '-1']) {
      expect(() => loadConfig({ PHD_QUERY_WORKER_MEMORY_MB: value }), value).toThrow(/PHD_QUERY_WORKER_MEMORY_MB=.* is not a whole number from 256 to 5120/);
    }
    expect(() => loadConfig({ PHD_QUERY_MAX_RESULT_BYTES: '10' })).toThrow(/PHD_QUERY_MAX_RESULT_BYTES/);
  });
});
