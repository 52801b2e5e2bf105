import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostileCase } from '../../scripts/build-hostile-corpus.js';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { runCli } from '../support/cli.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';

/** The cases of test/fixtures/hostile/cases.json (written by scripts/build-hostile-corpus.ts). */
const CASES = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test/fixtures/hostile/cases.json'), 'utf8')) as HostileCase[];
const ADMIN = 'hostile-admin-token-0123456789';
/** What an answer must never show: a stack frame, a file path of the server, a module path. */
const LEAKS = /\n\s+at |\/work\/|\/home\/|node_modules|file:\/\/\/(?!etc\/passwd)|\.ts:\d+|\.js:\d+/;

let listener: Server;
let listenerUrl: string;
const contacted: string[] = [];
let server: ServerProcess;
let dataDir: string;

function fill(text: string): string {
  return text
    .replaceAll('{{LISTENER}}', listenerUrl).replaceAll(encodeURIComponent('{{LISTENER}}'), encodeURIComponent(listenerUrl))
    .replaceAll('{{ADMIN}}', ADMIN).replaceAll(encodeURIComponent('{{ADMIN}}'), ADMIN);
}

function bodyOf(c: HostileCase): Buffer | undefined {
  if (c.repeat !== undefined) return Buffer.from(`${fill(c.repeat.prefix)}${c.repeat.unit.repeat(c.repeat.times)}${fill(c.repeat.suffix)}`);
  if (c.truncate !== undefined) return Buffer.from(readFileSync(join(PACKAGE_ROOT, c.truncate.file), 'utf8').slice(0, c.truncate.at));
  return c.body === undefined ? undefined : Buffer.from(fill(c.body));
}

/** Sends a case with node:http (fetch would normalize `..` in paths and refuse some methods). */
function send(c: HostileCase): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const url = new URL(server.url);
  const body = bodyOf(c);
  const headers: Record<string, string> = Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k, fill(v)]));
  for (let i = 0; i < (c.headerCount ?? 0); i += 1) headers[`x-h${i}`] = 'v';
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: c.method, path: fill(c.path), headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${c.id}: no answer within 30 s`)));
    // A server that answers 413 early may close the connection while the body is still being sent.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(body);
  });
}

/** A digest of everything stored: the catalogue's records and revisions, and the triples /sparql sees. */
async function digest(): Promise<string> {
  const db = new Database(join(dataDir, 'phd.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT iri, etag, version, deleted_at FROM records ORDER BY iri').all();
  const revisions = db.prepare('SELECT COUNT(*) AS n FROM revisions').get();
  db.close();
  const count = await fetch(`${server.url}/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')}`, { headers: { accept: 'text/csv' } });
  return createHash('sha256').update(JSON.stringify([rows, revisions, await count.text()])).digest('hex');
}

beforeAll(async () => {
  listener = createServer((req, res) => {
    contacted.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.end('{}');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', () => resolve()));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'phd-hostile-'));
  server = await startServer({ PHD_DATA_DIR: dataDir, PHD_ADMIN_TOKEN: ADMIN, PHD_QUERY_TIMEOUT_MS: '5000' });
}, 120_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  await new Promise((resolve) => listener.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`The hostile-input corpus (${CASES.length} cases) through the real HTTP interface`, () => {
  it('has at least 200 cases in every family the hardening issue names.', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    expect(new Set(CASES.map((c) => c.family))).toEqual(new Set(['turtle', 'ntriples', 'jsonld', 'json', 'xml', 'sparql', 'search', 'ids', 'content-type', 'method', 'headers', 'auth']));
  });

  it('answers every case with its 4xx and a problem+json body naming no file or stack (or, for valid queries built to choke an engine, promptly), keeps answering, stores nothing and contacts no one.', async () => {
    const before = await digest();
    const failures: string[] = [];
    for (const [index, c] of CASES.entries()) {
      const answer = await send(c);
      const type = answer.headers['content-type'] ?? '';
      if (!c.expect.includes(answer.status)) failures.push(`${c.id}: ${answer.status} (expected ${c.expect.join('/')}) ${answer.body.slice(0, 200)}`);
      else if (answer.status < 300) {
        // Valid input a naive service would choke on (see the corpus): answered, promptly, and well-formed.
        if (!/^application\/sparql-results\+json/.test(type)) failures.push(`${c.id}: ${answer.status} as ${type}`);
      } else if (!type.startsWith('application/problem+json')) failures.push(`${c.id}: ${answer.status} as ${type}`);
      else {
        const problem = JSON.parse(answer.body) as { status?: number; type?: string };
        if (problem.status !== answer.status || typeof problem.type !== 'string') failures.push(`${c.id}: problem body ${answer.body.slice(0, 200)}`);
      }
      if (LEAKS.test(answer.body)) failures.push(`${c.id}: the answer leaks ${LEAKS.exec(answer.body)?.[0] ?? ''}`);
      if (index % 25 === 24) expect((await fetch(`${server.url}/health`)).status, `health after ${c.id}`).toBe(200);
    }
    expect(failures).toEqual([]);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(await digest()).toBe(before);
    expect(contacted).toEqual([]);
  }, 600_000);
});

describe('The hostile-input corpus through the CLI', () => {
  const EXTENSION: Readonly<Record<string, string>> = { turtle: '.ttl', ntriples: '.nt', jsonld: '.jsonld' };
  /** Every third body of the RDF, JSON and XML families, as files given to the command that reads them. */
  const whole = (c: HostileCase): boolean => c.truncate !== undefined && c.truncate.at >= readFileSync(join(PACKAGE_ROOT, c.truncate.file), 'utf8').length;
  // (Cases whose body is a whole, valid file are about the request, not the file: left out.)
  const sample = CASES.filter((c, i) => i % 3 === 0 && ['turtle', 'ntriples', 'jsonld', 'json', 'xml'].includes(c.family) && c.repeat === undefined && c.method === 'POST' && !whole(c));

  it(`refuses each of ${sample.length} files with a message and exit code 1 or 2, no stack trace, nothing stored, no one contacted.`, () => {
    const scratch = mkdtempSync(join(tmpdir(), 'phd-hostile-cli-'));
    const cliData = join(scratch, 'data');
    const env = { PHD_DATA_DIR: cliData, PHD_BASE_URL: 'http://cli.test' };
    expect(runCli(['load', join(PACKAGE_ROOT, 'data')], env).status).toBe(0);
    const before = runCli(['query', 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', '--format', 'csv'], env).stdout;
    const failures: string[] = [];
    for (const c of sample) {
      const body = bodyOf(c);
      if (body === undefined) continue;
      const [args, file] = c.family === 'json'
        ? [['import', 'micrometa'], join(scratch, `${c.id}.json`)]
        : c.family === 'xml'
          ? [['import', 'ome-xml'], join(scratch, `${c.id}.ome.xml`)]
          : [['validate'], join(scratch, `${c.id}${EXTENSION[c.family] ?? '.ttl'}`)];
      writeFileSync(file, body);
      const instance = c.family === 'json' ? ['--instance', 'doi:10.5072/phd.igc.macred'] : c.family === 'xml' ? ['--instance', 'doi:10.5072/phd.ecc.sp8'] : [];
      const result = runCli([...args, file, ...instance], env);
      if (result.status !== 1 && result.status !== 2) failures.push(`${c.id}: exit ${String(result.status)} ${result.stderr.slice(0, 200)}`);
      else if (result.stderr.trim() === '') failures.push(`${c.id}: no message`);
      if (/\n\s+at /.test(result.stderr)) failures.push(`${c.id}: stack trace on stderr`);
    }
    expect(failures).toEqual([]);
    const after = runCli(['query', 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', '--format', 'csv'], env);
    expect(after.stdout, after.stderr).toBe(before);
    expect(contacted).toEqual([]);
    rmSync(scratch, { recursive: true, force: true });
  }, 600_000);
});
