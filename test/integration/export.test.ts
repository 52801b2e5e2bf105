import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { jsonDiff } from '../support/json-diff.js';
import { micrometaFiles } from '../support/micrometa-files.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { FIXTURES } from '../support/rdf-files.js';
import { xsdErrors } from '../support/datacite-xsd.js';
import { DATA_DIR } from '../../src/validation/model-files.js';

const enc = encodeURIComponent;
let scratch: string;

function pidinstValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: its typed entry point is the `default` export.
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(FIXTURES, 'pidinst-1.0', 'pidinst-schema-1_0.schema.json'), 'utf8')) as object);
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'phd-export-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('GET /export/{format}/{pid}', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves PIDINST 1.0 JSON for an instance that validates against the PIDINST JSON Schema.', async () => {
    const response = await fetch(`${app.url}/export/pidinst/doi:10.5072/phd.ecc.sp8`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const record = (await response.json()) as { identifier: { identifier: string }; alternateIdentifiers: { alternateIdentifier: string }[] };
    const validate = pidinstValidator();
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    expect(record.identifier.identifier).toBe('10.5072/phd.ecc.sp8');
    expect(JSON.stringify(record.alternateIdentifiers)).toContain('8100000451');
  });

  it('serves DataCite 4.5 XML (valid against the XSD) or JSON by Accept or ?format=, with version links between configurations.', async () => {
    const xml = await fetch(`${app.url}/export/datacite/${enc('doi:10.5072/phd.ecc.sp8.v2')}`, { headers: { accept: 'application/vnd.datacite.datacite+xml' } });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toMatch(/^application\/vnd\.datacite\.datacite\+xml/);
    const text = await xml.text();
    expect(xsdErrors(text)).toEqual([]);
    expect(text).toMatch(/resourceTypeGeneral="Instrument"/);
    expect(text).toMatch(/relationType="IsNewVersionOf"[^>]*>10\.5072\/phd\.ecc\.sp8\.v1</);

    const json = await fetch(`${app.url}/export/datacite/doi:10.5072/phd.ecc.sp8?format=json`);
    expect(json.headers.get('content-type')).toMatch(/^application\/vnd\.datacite\.datacite\+json/);
    const payload = (await json.json()) as { data: { attributes: { doi: string; types: { resourceTypeGeneral: string }; contributors: { contributorType: string; nameIdentifiers?: { nameIdentifier: string }[] }[] } } };
    expect(payload.data.attributes.doi).toBe('10.5072/phd.ecc.sp8');
    expect(payload.data.attributes.types.resourceTypeGeneral).toBe('Instrument');
    const hosting = payload.data.attributes.contributors.find((c) => c.contributorType === 'HostingInstitution');
    expect(JSON.stringify(hosting?.nameIdentifiers)).toContain('https://ror.org/042nb2s44');
  });

  it('needs a DOI to register for a record not named by one, and refuses what cannot be exported.', async () => {
    const local = `${app.url}/export/datacite/configuration/igc-limelight-v1`;
    const missing = await fetch(local);
    expect(missing.status).toBe(422);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ code: 'doi-required' });
    const withDoi = await fetch(`${local}?doi=10.5072/phd.igc.limelight.v1`);
    expect(withDoi.status).toBe(200);
    expect(xsdErrors(await withDoi.text())).toEqual([]);

    expect((await fetch(`${app.url}/export/pidinst/RRID:SCR_999003`)).status).toBe(422);
    expect((await fetch(`${app.url}/export/pidinst/doi:10.5072/no-such-instrument`)).status).toBe(404);
    expect((await fetch(`${app.url}/export/pidinst/orcid:0000-0002-1825-0098`)).status).toBe(400);
    expect((await fetch(`${app.url}/export/marc21/doi:10.5072/phd.ecc.sp8`)).status).toBe(404);
    expect((await fetch(`${app.url}/export/pidinst/doi:10.5072/phd.ecc.sp8`, { headers: { accept: 'text/html' } })).status).toBe(406);
    expect((await fetch(`${app.url}/export/datacite/doi:10.5072/phd.ecc.sp8?doi=10.5072/another`)).status).toBe(422);
  });

  it('exports a configuration as a Micro-Meta App file that imports back unchanged.', async () => {
    const exported = await fetch(`${app.url}/export/micrometa/doi:10.5072/phd.abif.axiovert1.v1`);
    expect(exported.status).toBe(200);
    const file = (await exported.json()) as { Schema_ID: string; Tier: number; components: unknown[] };
    expect(file).toMatchObject({ Schema_ID: 'Instrument.json', Tier: 3 });
    const imported = await fetch(`${app.url}/import/micrometa?instance=${enc('hdl:21.t11998/phd-abif-axiovert1')}`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(file),
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ status: 'unchanged', iri: 'https://doi.org/10.5072/phd.abif.axiovert1.v1' });
    expect((await fetch(`${app.url}/export/micrometa/doi:10.5072/phd.ecc.sp8`)).status).toBe(422);
  });
});

describe('imaging-phd export', () => {
  let dataDir: string;
  const env = () => ({ PHD_DATA_DIR: dataDir, PHD_BASE_URL: 'http://cli.test' });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'phd-export-cli-'));
    const loaded = runCli(['load', DATA_DIR], env());
    expect(loaded.status, loaded.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes DataCite XML and PIDINST JSON to stdout, valid against their schemas.', () => {
    const datacite = runCli(['export', 'datacite', 'hdl:21.t11998/phd-abif-axiovert1', '--doi', '10.5072/phd.abif.axiovert1'], env());
    expect(datacite.status, datacite.stderr).toBe(0);
    expect(xsdErrors(datacite.stdout)).toEqual([]);
    const pidinst = runCli(['export', 'pidinst', 'hdl:21.t11998/phd-abif-axiovert1'], env());
    expect(pidinst.status, pidinst.stderr).toBe(0);
    const validate = pidinstValidator();
    expect(validate(JSON.parse(pidinst.stdout)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('round-trips every real Micro-Meta App example: import → export → import gives the same graph.', () => {
    const examples = [
      { file: 'IGC_Limelight.json', instance: 'doi:10.5072/phd.igc.limelight' },
      { file: 'IGC_Macred.json', instance: 'doi:10.5072/phd.igc.macred' },
      { file: 'ABIF_axiovert1.json', instance: 'hdl:21.t11998/phd-abif-axiovert1' },
    ];
    for (const { file, instance } of examples) {
      // The sample configurations in data/ were converted from these files: importing them changes nothing.
      const first = runCli(['import', 'micrometa', join(FIXTURES, 'micrometa', file), '--instance', instance], env());
      expect(first.status, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/1 unchanged/);
      const configuration = /unchanged .* → (\S+)/.exec(first.stderr)?.[1] ?? '';
      const exported = runCli(['export', 'micrometa', configuration], env());
      expect(exported.status, exported.stderr).toBe(0);
      const path = join(scratch, `exported-${file}`);
      writeFileSync(path, exported.stdout);
      const again = runCli(['import', 'micrometa', path, '--instance', instance], env());
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toMatch(new RegExp(`unchanged .* → ${configuration.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
      expect(again.stdout).toBe('');
    }
  });

  it('gives back every Micro-Meta App file the tests hold with zero differences in any field: import micrometa → export micrometa.', () => {
    const files = micrometaFiles();
    // One new instrument instance per file, so that each import makes a first configuration version.
    const PHD = 'https://w3id.org/imaging-phd/ns#';
    const turtle = files.map((_f, i) => `<https://doi.org/10.5072/phd.cli-rt.${i}> a <${PHD}InstrumentInstance> ; <https://schema.org/name> "CLI round trip ${i}" ;
  <http://purl.org/dc/terms/identifier> "doi:10.5072/phd.cli-rt.${i}" ; <${PHD}instanceOf> <https://imaging-phd.example/id/model/zeiss-axio-imager> ; <${PHD}serialNumber> "rt-${i}" .
<https://identifiers.org/RRID:SCR_999001> <${PHD}operates> <https://doi.org/10.5072/phd.cli-rt.${i}> .`).join('\n');
    const instances = join(scratch, 'round-trip-instances.ttl');
    writeFileSync(instances, turtle);
    const loaded = runCli(['load', instances], env());
    expect(loaded.status, loaded.stderr).toBe(0);
    files.forEach(({ path }, i) => {
      const imported = runCli(['import', 'micrometa', path, '--instance', `doi:10.5072/phd.cli-rt.${i}`, '--valid-from', '2025-04-04'], env());
      expect(imported.status, imported.stderr).toBe(0);
      const configuration = imported.stdout.trim();
      expect(configuration).toMatch(/^http:\/\/cli\.test\/id\/configuration\//);
      // Every part of the file that is not mapped is one line on stderr.
      for (const line of imported.stderr.split('\n').filter((l) => l.includes(': not mapped: '))) expect(line.slice(path.length + 2)).toMatch(/^not mapped: \S.* — \S/);
      const exported = runCli(['export', 'micrometa', configuration], env());
      expect(exported.status, exported.stderr).toBe(0);
      expect(jsonDiff(JSON.parse(readFileSync(path, 'utf8')), JSON.parse(exported.stdout))).toEqual([]);
    });
  });

  it('prints what a Micro-Meta App file holds that is not mapped, one "not mapped: <path> — <reason>" line each, and gives it back on export.', () => {
    const file = JSON.parse(readFileSync(join(FIXTURES, 'micrometa', 'IGC_Macred.json'), 'utf8')) as { components: Record<string, unknown>[]; Description: string };
    file.Description = 'with parts nothing maps';
    (file.components[1] as Record<string, unknown>).Colour = 'blue';
    file.components.push({ Schema_ID: 'FluxCapacitor.json', ID: 'flux-1', Name: 'mystery' });
    const path = join(scratch, 'not-mapped.json');
    writeFileSync(path, JSON.stringify(file));
    const imported = runCli(['import', 'micrometa', path, '--instance', 'doi:10.5072/phd.igc.macred', '--valid-from', '2025-06-06'], env());
    expect(imported.status, imported.stderr).toBe(0);
    const lines = imported.stderr.split('\n').filter((l) => l.includes(': not mapped: ')).map((l) => l.slice(path.length + 2));
    expect(lines).toEqual([
      expect.stringMatching(/^not mapped: components\[1\]\.Colour — not a field of the NBO-Q 2\.01 schemas/) as string,
      expect.stringMatching(new RegExp(`^not mapped: components\\[${file.components.length - 1}\\] — unknown schema "FluxCapacitor\\.json"`)) as string,
    ]);
    const exported = runCli(['export', 'micrometa', imported.stdout.trim()], env());
    expect(jsonDiff(file, JSON.parse(exported.stdout))).toEqual([]);
  });

  it('names a record minted here as {kind}/{id}, like the HTTP routes.', () => {
    // `load` keeps the sample's placeholder base, so that is the base URL of this store's minted IRIs.
    const result = runCli(['export', 'datacite', 'configuration/igc-limelight-v1', '--doi', '10.5072/phd.igc.limelight.v1'], { ...env(), PHD_BASE_URL: 'https://imaging-phd.example' });
    expect(result.status, result.stderr).toBe(0);
    expect(xsdErrors(result.stdout)).toEqual([]);
  });

  it('exits non-zero with a message for a record it cannot export, and 2 on bad usage.', () => {
    const facility = runCli(['export', 'pidinst', 'RRID:SCR_999001'], env());
    expect(facility.status).toBe(1);
    expect(facility.stderr).toMatch(/not-exportable|cannot|instance/i);
    expect(runCli(['export', 'datacite'], env()).status).toBe(2);
    expect(runCli(['export', 'pidinst', 'doi:10.5072/phd.ecc.sp8', '--format', 'xml'], env()).status).toBe(2);
  });
});
