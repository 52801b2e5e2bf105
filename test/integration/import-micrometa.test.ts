import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';
import { jsonDiff } from '../support/json-diff.js';
import { micrometaFiles } from '../support/micrometa-files.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { FIXTURES } from '../support/rdf-files.js';
import { escapeHtml } from '../../src/pages/escape-html.js';

const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const LIMELIGHT = 'https://doi.org/10.5072/phd.igc.limelight';
const PROV_REVISION = 'http://www.w3.org/ns/prov#wasRevisionOf';
const enc = encodeURIComponent;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const json = { 'content-type': 'application/json' };

type MicrometaFile = { ID: string; Tier: number; components: Record<string, unknown>[] } & Record<string, unknown>;

function fixture(name: string): MicrometaFile {
  return JSON.parse(readFileSync(join(FIXTURES, 'micrometa', name), 'utf8')) as MicrometaFile;
}

/** Macred after a hardware change: its 10x objective replaced by a 20x/0.5. */
function upgradedMacred(): MicrometaFile {
  const file = fixture('IGC_Macred.json');
  const objective = file.components.find((c) => c.Schema_ID === 'Objective.json' && c.Name === '10x');
  if (objective === undefined) throw new Error('fixture changed: no 10x objective');
  Object.assign(objective, { Name: '20x', Magnification: 20, LensNA: 0.5, Model: 'EC Plan-Neofluar 20x/0.50 M27' });
  return file;
}

interface Outcome {
  status: string;
  iri: string;
  instance: string;
  version: number;
  revises?: string;
  warnings: string[];
  notMapped: { path: string; reason: string }[];
  href: string;
  pid: string;
}

const PHD = 'https://w3id.org/imaging-phd/ns#';

/** Turtle of a new instrument instance, operated by the first sample facility, of a sample model. */
function instanceTurtle(doi: string, baseUrl: string): string {
  return `<https://doi.org/${doi}> a <${PHD}InstrumentInstance> ; <https://schema.org/name> "round trip ${doi}" ;
  <http://purl.org/dc/terms/identifier> "doi:${doi}" ; <${PHD}instanceOf> <${baseUrl}/id/model/zeiss-axio-imager> ; <${PHD}serialNumber> "${doi}" .
<https://identifiers.org/RRID:SCR_999001> <${PHD}operates> <https://doi.org/${doi}> .\n`;
}

describe('POST /import/micrometa', () => {
  let app: TestApp;
  const health = async () => (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };
  const post = (body: string, query: string, headers: Record<string, string> = { ...admin, ...json }) =>
    fetch(`${app.url}/import/micrometa?${query}`, { method: 'POST', headers, body });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates nothing for a file whose hardware the latest version already describes (200 unchanged).', async () => {
    const before = await health();
    const response = await post(JSON.stringify(fixture('IGC_Macred.json')), `instance=${enc('doi:10.5072/phd.igc.macred')}`);
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as Outcome;
    expect(outcome).toMatchObject({ status: 'unchanged', iri: `${app.baseUrl}/id/configuration/igc-macred-v1`, version: 1, instance: MACRED, warnings: [] });
    expect(await health()).toEqual(before);
    // The sample configuration keeps the file's presentation: its export is the file.
    const exported = await fetch(`${app.url}/export/micrometa/configuration/igc-macred-v1`);
    expect(jsonDiff(fixture('IGC_Macred.json'), await exported.json())).toEqual([]);
  });

  it('creates the next version for changed hardware (201, wasRevisionOf, validFrom), which then resolves, and nothing on a second identical import.', async () => {
    const body = JSON.stringify(upgradedMacred());
    const response = await post(body, `instance=${enc(MACRED)}&validFrom=2024-03-01`);
    expect(response.status).toBe(201);
    const outcome = (await response.json()) as Outcome;
    expect(outcome).toMatchObject({ status: 'created', version: 2, revises: `${app.baseUrl}/id/configuration/igc-macred-v1`, warnings: [] });
    expect(response.headers.get('location')).toBe(outcome.href);

    const turtle = await (await fetch(`${app.url}/pid/${enc(outcome.iri)}`, { headers: { accept: 'text/turtle' } })).text();
    const store = new N3.Store(new N3.Parser().parse(turtle));
    const node = N3.DataFactory.namedNode(outcome.iri);
    expect(store.getObjects(node, N3.DataFactory.namedNode(PROV_REVISION), null).map((o) => o.value)).toEqual([`${app.baseUrl}/id/configuration/igc-macred-v1`]);
    expect(store.getObjects(node, N3.DataFactory.namedNode('https://w3id.org/imaging-phd/ns#validFrom'), null).map((o) => o.value)).toEqual(['2024-03-01']);
    const magnifications = store.getQuads(null, N3.DataFactory.namedNode('https://w3id.org/imaging-phd/nbo-q#magnification'), null, null)
      .filter((q) => q.subject.value.startsWith(`${outcome.iri}/component/`)).map((q) => Number(q.object.value)).sort((a, b) => a - b);
    expect(magnifications).toContain(20);
    expect(magnifications).not.toContain(10);

    const again = await post(body, `instance=${enc(MACRED)}&validFrom=2024-06-01`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'unchanged', iri: outcome.iri, version: 2, warnings: [] });

    // The same hardware laid out anew: still unchanged (a version is immutable), and the answer says the layout was not kept.
    const moved = upgradedMacred();
    for (const component of moved.components) if (typeof component.PositionX === 'number') component.PositionX += 10;
    const relaid = await post(JSON.stringify(moved), `instance=${enc(MACRED)}&validFrom=2024-06-01`);
    expect(relaid.status).toBe(200);
    expect(((await relaid.json()) as Outcome).warnings).toEqual([expect.stringContaining('keeps the layout and spelling it was imported with') as string]);
  });

  it('finds the instance from the file\'s Micro-Meta App ID when a configuration came from it before.', async () => {
    const file = fixture('IGC_Limelight.json');
    file.Description = 'Limelight after its annual service';
    const response = await post(JSON.stringify(file), 'validFrom=2025-01-15');
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: 'created', instance: LIMELIGHT, version: 2 });
  });

  it('lists unknown schemas and fields under notMapped as {path, reason}, never drops them silently (here nothing else changed: 200).', async () => {
    const file = upgradedMacred();
    file.components.push({ Schema_ID: 'FluxCapacitor.json', ID: '0b0e6f3c-5d1e-4a39-9a51-1f7c1c0de001', Name: 'mystery' });
    const objective = file.components.find((c) => c.Schema_ID === 'Objective.json');
    if (objective !== undefined) objective.Colour = 'blue';
    const response = await post(JSON.stringify(file), `instance=${enc(MACRED)}&validFrom=2024-09-01`);
    expect(response.status).toBe(200);
    const { notMapped, status } = (await response.json()) as Outcome;
    expect(status).toBe('unchanged');
    const index = file.components.length - 1;
    const at = file.components.findIndex((c) => c.Schema_ID === 'Objective.json');
    expect(notMapped).toEqual([
      { path: `components[${at}].Colour`, reason: expect.stringContaining('not a field of the NBO-Q 2.01 schemas') as string },
      { path: `components[${index}]`, reason: expect.stringContaining('unknown schema "FluxCapacitor.json"') as string },
    ]);
  });

  it('refuses bad input with problem details and stores nothing.', async () => {
    const before = await health();
    const broken = await post('{\n  "Name": "x",\n  "components": [1, 2,]\n}', `instance=${enc(MACRED)}`);
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await broken.json()).toMatchObject({ line: 3, column: 23 });

    const notMicrometa = await post(JSON.stringify({ Schema_ID: 'Image.json' }), `instance=${enc(MACRED)}`);
    expect(notMicrometa.status).toBe(422);

    const wrongType = await post(JSON.stringify(upgradedMacred()), `instance=${enc(MACRED)}`, { ...admin, 'content-type': 'text/turtle' });
    expect(wrongType.status).toBe(415);

    const unknownInstance = await post(JSON.stringify(upgradedMacred()), `instance=${enc('doi:10.5072/no-such-instance')}`);
    expect(unknownInstance.status).toBe(404);

    const badPid = await post(JSON.stringify(upgradedMacred()), 'instance=doi:11.1/x');
    expect(badPid.status).toBe(400);

    const huge = `{"Name": "${'x'.repeat(6 * 1024 * 1024)}"}`;
    const tooLarge = await post(huge, `instance=${enc(MACRED)}`);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Without a token the body is not even read: 401, not 413.
    expect((await post(huge, `instance=${enc(MACRED)}`, json)).status).toBe(401);

    const dotted = upgradedMacred();
    (dotted.components[0] as Record<string, unknown>).ID = '..';
    const dots = await post(JSON.stringify(dotted), `instance=${enc(MACRED)}&validFrom=2025-02-02`);
    expect(dots.status).toBe(422);
    expect(await dots.json()).toMatchObject({ code: 'bad-id', field: 'components[0].ID' });

    for (const notText of ['bell\u0007', 'half \ud800 pair']) {
      const file = upgradedMacred();
      (file.components[2] as Record<string, unknown>).Name = notText;
      const refused = await post(JSON.stringify(file), `instance=${enc(MACRED)}&validFrom=2025-02-02`);
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ code: 'bad-text', field: 'components[2].Name', detail: expect.stringMatching(/U\+(0007|D800)/) as string });
    }

    const earlier = upgradedMacred();
    (earlier.components[0] as Record<string, unknown>).Version = '9.9';
    const tooEarly = await post(JSON.stringify(earlier), `instance=${enc(MACRED)}&validFrom=2020-01-01`);
    expect(tooEarly.status).toBe(422);
    expect(await tooEarly.json()).toMatchObject({ code: 'bad-revision' });

    const invalid = fixture('ABIF_axiovert1.json');
    const objective = invalid.components.find((c) => c.Schema_ID === 'Objective.json');
    if (objective !== undefined) delete objective.LensNA;
    const rejected = await post(JSON.stringify(invalid), `instance=${enc('hdl:21.t11998/phd-abif-axiovert1')}&validFrom=2025-02-02`);
    expect(rejected.status).toBe(422);
    const problem = (await rejected.json()) as { violations: { message: string; focusNode: string }[] };
    expect(problem.violations.some((v) => /LensNA/.test(v.message))).toBe(true);
    expect(await health()).toEqual(before);
  });

  it('keeps the history a line when the same change arrives twice at once: one new version.', async () => {
    const file = fixture('ABIF_axiovert1.json');
    file.Description = 'sent twice concurrently';
    const body = JSON.stringify(file);
    const query = `instance=${enc('hdl:21.t11998/phd-abif-axiovert1')}&validFrom=2025-07-01`;
    const statuses = (await Promise.all([post(body, query), post(body, query)])).map((r) => r.status);
    // One creates; the other is either found unchanged (200) or, had both read the history first, refused (409).
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200 || s === 409)).toHaveLength(1);
    const versions = (await app.store.links({ predicate: 'http://www.w3.org/ns/prov#wasRevisionOf', object: 'https://doi.org/10.5072/phd.abif.axiovert1.v1' })).map((l) => l.record);
    expect(versions).toHaveLength(1);
  });

  it('needs a token that writes the instance\'s facility (401, 403).', async () => {
    const body = JSON.stringify(upgradedMacred());
    expect((await post(body, `instance=${enc(MACRED)}`, json)).status).toBe(401);
    const other = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999003' });
    expect((await post(body, `instance=${enc(MACRED)}`, { ...json, authorization: `Bearer ${other.token}` })).status).toBe(403);
    const own = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999001' });
    const file = upgradedMacred();
    file.Description = 'written by the facility token';
    expect((await post(JSON.stringify(file), `instance=${enc(MACRED)}&validFrom=2026-01-01`, { ...json, authorization: `Bearer ${own.token}` })).status).toBe(201);
  });
});

describe('A Micro-Meta App file through HTTP (the real service)', () => {
  const BASE = 'http://phd.test';
  let server: ServerProcess;
  let dataDir: string;
  const app = { get url() { return server.url; }, baseUrl: BASE };
  const start = async () => {
    server = await startServer({ PHD_DATA_DIR: dataDir, PHD_ADMIN_TOKEN: ADMIN_TOKEN, PHD_BASE_URL: BASE });
  };
  const stop = async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  };
  const FILES = micrometaFiles();
  const health = async () => (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };
  const post = (body: string, instance: string) =>
    fetch(`${app.url}/import/micrometa?instance=${enc(instance)}&validFrom=2025-03-03`, { method: 'POST', headers: { ...admin, ...json }, body });
  const sparql = async (query: string) => {
    const response = await fetch(`${app.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: query });
    expect(response.status, query).toBe(200);
    return (await response.json()) as { boolean?: boolean; results?: { bindings: Record<string, { value: string }>[] } };
  };
  const count = async (query: string) => Number((await sparql(query)).results?.bindings[0]?.n?.value);
  let instances = 0;
  /** A new instance to import into, so that each file gives a first version of its own. */
  const newInstance = async (): Promise<string> => {
    instances += 1;
    const doi = `10.5072/phd.rt.${instances}`;
    const created = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...admin, 'content-type': 'text/turtle' }, body: instanceTurtle(doi, app.baseUrl) });
    expect(created.status, await created.clone().text()).toBe(201);
    return `https://doi.org/${doi}`;
  };
  const local = (iri: string) => iri.slice(`${app.baseUrl}/id/`.length);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'phd-import-http-'));
    await start();
  }, 120_000);
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(FILES.map((f) => [f.name, f.path]))('comes back from GET /export/micrometa with zero differences in any field: %s.', async (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const response = await post(text, await newInstance());
    expect(response.status).toBe(201);
    const outcome = (await response.json()) as Outcome;
    expect(Array.isArray(outcome.notMapped)).toBe(true);
    for (const entry of outcome.notMapped) expect(Object.keys(entry).sort()).toEqual(['path', 'reason']);
    // By its short form and by its IRI, as the answer names it.
    for (const pid of [local(outcome.iri), enc(outcome.iri)]) {
      const exported = await fetch(`${app.url}/export/micrometa/${pid}`);
      expect(exported.status, pid).toBe(200);
      expect(jsonDiff(JSON.parse(text), await exported.json())).toEqual([]);
    }
  });

  it('keeps what was not mapped in the record\'s provenance (phd:notMapped), and the presentation apart from the hardware facts.', async () => {
    const file = fixture('IGC_Limelight.json');
    (file.components[0] as Record<string, unknown>).Colour = 'blue';
    file.components.push({ Schema_ID: 'FluxCapacitor.json', ID: 'flux-1' });
    const response = await post(JSON.stringify(file), await newInstance());
    expect(response.status).toBe(201);
    const outcome = (await response.json()) as Outcome;
    expect(outcome.notMapped.map((e) => e.path)).toEqual(['components[0].Colour', `components[${file.components.length - 1}]`]);
    const turtle = await (await fetch(`${app.url}${outcome.pid}`, { headers: { accept: 'text/turtle' } })).text();
    const store = new N3.Store(new N3.Parser().parse(turtle));
    const provenance = store.getObjects(N3.DataFactory.namedNode(outcome.iri), N3.DataFactory.namedNode(`${PHD}notMapped`), null);
    expect(provenance.map((o) => JSON.parse(o.value) as unknown)).toEqual([outcome.notMapped]);
    // The layout is presentation: no component carries it as a fact.
    expect(store.getQuads(null, N3.DataFactory.namedNode('https://w3id.org/imaging-phd/nbo-q#positionX'), null, null)).toEqual([]);
    // The landing page shows what was not mapped, not the layout kept for the export.
    const page = await (await fetch(`${app.url}${outcome.pid}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/Not mapped/i);
    expect(page).toMatch(/FluxCapacitor/);
    expect(page).not.toMatch(/PositionX/);
    // One line in words per entry (path — reason), not the record's raw JSON list.
    const first = outcome.notMapped[0];
    expect(page).toContain(`components[0].Colour — ${escapeHtml(first?.reason ?? '')}`);
    expect(page).not.toContain('[{&quot;path&quot;');
    expect(page).not.toContain('[{"path"');
    const exported = await fetch(`${app.url}/export/micrometa/${local(outcome.iri)}`);
    expect(jsonDiff(file, await exported.json())).toEqual([]);
  });

  /** Strings a tester sends: markup, IRI delimiters, quotes, escapes, controls, odd Unicode, and anything fast-check finds. */
  const hostile = fc.oneof(
    fc.constantFrom('a b>c', 'evil"><script>alert(1)</script>', '{x}', '}{', 'quote\'s "double"', 'back\\slash', 'new\nline', 'tab\tcr\r', '%41%zz', '?#&=', '<>', '.', '..', '', ' ', '-1',
      '__proto__', 'constructor', '\u0000', '\u0007bell', '\ud800', '\udc00x', '\ufffe', '\u202eRTL', 'é😀', 'a/b', 'Schema/ID', 'x'.repeat(300)),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const hostileFile = fc.record({ id: hostile, name: hostile, model: hostile, fileName: hostile, description: hostile, key: hostile, value: hostile, linked: hostile });

  /** Replaces a string inside every key and string of a JSON value (a component ID where the file names it). */
  const replaced = (value: unknown, from: string, to: string): unknown => {
    if (typeof value === 'string') return value.split(from).join(to);
    if (Array.isArray(value)) return value.map((v) => replaced(v, from, to));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.split(from).join(to), replaced(v, from, to)]));
    return value;
  };

  it('imports hostile IDs, names and fields so that everything stays servable, or refuses them with a 4xx and stores nothing.', async () => {
    const outcomes: number[] = [];
    const created: string[] = [];
    await fc.assert(fc.asyncProperty(hostileFile, async (h) => {
      const instance = await newInstance();
      const before = await health();
      // A real file, so that it passes validation unless a hostile value breaks a rule: the objective
      // takes the hostile ID everywhere the file names it, a hostile name, model and extra field.
      const original = fixture('IGC_Limelight.json');
      const objective = original.components.find((c) => c.Schema_ID === 'Objective.json') as { ID: string };
      const file = replaced(original, objective.ID, h.id) as MicrometaFile;
      const target = file.components.find((c) => c.Schema_ID === 'Objective.json') as Record<string, unknown>;
      Object.assign(target, { Name: h.name, Model: h.model });
      Object.defineProperty(target, h.key, { value: h.value, enumerable: true, writable: true, configurable: true });
      Object.assign(file, { Name: h.fileName, Description: h.description, ID: `rt-${h.linked}` });
      const response = await post(JSON.stringify(file), instance);
      outcomes.push(response.status);
      if (response.status >= 400) {
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(((await response.json()) as { detail?: string }).detail).toBeTruthy();
        expect(await health()).toEqual(before);
        return;
      }
      expect([200, 201]).toContain(response.status);
      const outcome = (await response.json()) as Outcome;
      created.push(outcome.pid, `/pid/${enc(instance)}`);
      for (const accept of ['text/turtle', 'application/ld+json', 'text/html', 'application/n-triples']) {
        const page = await fetch(`${app.url}${outcome.pid}`, { headers: { accept } });
        expect(page.status, `${accept} ${await page.clone().text()}`).toBe(200);
        if (accept === 'text/turtle') new N3.Parser().parse(await page.text());
      }
      expect((await fetch(`${app.url}/pid/${enc(instance)}`, { headers: { accept: 'text/html' } })).status).toBe(200);
      expect((await sparql(`ASK { <${outcome.iri}> a <${PHD}HardwareConfiguration> }`)).boolean).toBe(true);
      expect(await count(`SELECT (COUNT(?c) AS ?n) WHERE { <${outcome.iri}> <${PHD}hasComponent> ?c }`)).toBe(original.components.length + (h.id.trim() === '' ? 0 : 1));
      // A component without an ID cannot be named: it is listed, not stored.
      if (h.id.trim() === '') expect(outcome.notMapped).toContainEqual({ path: `components[${original.components.indexOf(objective as never)}]`, reason: expect.stringContaining('without an ID') as string });
      const after = await health();
      if (outcome.status === 'created') {
        expect(after.records).toBe(before.records + 1);
        expect(after.triples - before.triples).toBe(await count(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${outcome.iri}> { ?s ?p ?o } }`));
      } else expect(after).toEqual(before);
      const exported = await fetch(`${app.url}/export/micrometa/${local(outcome.iri)}`);
      expect(exported.status).toBe(200);
      if (outcome.status === 'created') expect(jsonDiff(file, await exported.json())).toEqual([]);
    }), {
      numRuns: 40,
      // Both paths are always taken, whatever the random cases: a file stored and served (markup,
      // quotes, braces, newlines in IDs and names) and one refused (a control character is not text).
      examples: [
        [{ id: 'a b>c', name: 'evil"><script>alert(1)</script>', model: '{m}|^`\\', fileName: 'two\nlines', description: 'd', key: 'Extra "key"', value: 'v', linked: 'l' }],
        [{ id: 'x\u0001y', name: 'n', model: 'm', fileName: 'f', description: 'd', key: 'k', value: 'v', linked: 'l' }],
      ],
    });
    expect(outcomes[0]).toBe(201);
    expect(outcomes[1]).toBeGreaterThanOrEqual(400);
    // And it stays so across a restart.
    const counts = await health();
    await stop();
    await start();
    expect(await health()).toMatchObject({ records: counts.records, triples: counts.triples });
    for (const path of created) expect((await fetch(`${app.url}${path}`, { headers: { accept: 'text/html' } })).status, path).toBe(200);
  }, 400_000);
});

describe('imaging-phd import micrometa', () => {
  let dataDir: string;
  let inputDir: string;
  const env = () => ({ PHD_DATA_DIR: dataDir, PHD_BASE_URL: 'http://cli.test' });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'phd-import-'));
    inputDir = mkdtempSync(join(tmpdir(), 'phd-import-in-'));
    const loaded = runCli(['load', join(FIXTURES, '..', '..', 'data')], env());
    expect(loaded.status, loaded.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(inputDir, { recursive: true, force: true });
  });

  it('stops at a malformed file, naming it with line and column, and imports nothing.', () => {
    // The three files the sample data in data/ was converted from: importing them changes nothing.
    for (const name of ['ABIF_axiovert1.json', 'IGC_Limelight.json', 'IGC_Macred.json']) cpSync(join(FIXTURES, 'micrometa', name), join(inputDir, name));
    writeFileSync(join(inputDir, 'Z_upgraded.json'), JSON.stringify(upgradedMacred(), null, 2));
    writeFileSync(join(inputDir, 'broken.json'), '{\n  "Name": "broken",\n  "Tier": 1,,\n}');
    const result = runCli(['import', 'micrometa', inputDir], env());
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/broken\.json:3:13: .*property name/);
    expect(result.stderr).toMatch(/nothing was imported/);
    expect(result.stdout).toBe('');
    rmSync(join(inputDir, 'broken.json'));
  });

  it('imports a directory with progress and a summary: unchanged files, a new version, and a rejected file with its reasons.', () => {
    const invalid = fixture('ABIF_axiovert1.json');
    invalid.Description = 'missing an objective NA';
    const objective = invalid.components.find((c) => c.Schema_ID === 'Objective.json');
    if (objective !== undefined) delete objective.LensNA;
    writeFileSync(join(inputDir, 'Y_invalid.json'), JSON.stringify(invalid));
    const result = runCli(['import', 'micrometa', inputDir, '--valid-from', '2025-05-05'], env());
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/write +\[#+\] 5\/5/);
    expect(result.stderr).toMatch(/imported 5 files: 0 new configurations, 1 new version, 3 unchanged, 1 rejected/);
    expect(result.stderr).toMatch(/rejected .*Y_invalid\.json: .*does not conform/);
    expect(result.stderr).toMatch(/LensNA/);
    const created = result.stdout.trim().split('\n');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^http:\/\/cli\.test\/id\/configuration\/[0-9a-f-]{36}$/);

    const query = runCli(['query', `SELECT ?previous WHERE { <${created[0] ?? ''}> <${PROV_REVISION}> ?previous }`, '--format', 'csv'], env());
    expect(query.stdout).toMatch(/igc-macred-v1/);
  });

  it('needs --instance for a file it cannot place, and says so.', () => {
    const file = upgradedMacred();
    file.ID = '5f0b8c9e-1111-4222-8333-944455556666';
    const path = join(inputDir, '..', `unplaced-${Date.now()}.json`);
    writeFileSync(path, JSON.stringify(file));
    const result = runCli(['import', 'micrometa', path], env());
    rmSync(path);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--instance <pid>/);
  });
});
