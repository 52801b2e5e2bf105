import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const invalid = (name: string) => join('test/fixtures/invalid', name);

describe('imaging-phd validate', () => {
  it('exits 0 on the sample data.', () => {
    const result = runCli(['validate', 'data/']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('conforms');
    expect(result.status).toBe(0);
  });

  it.each([
    ['configuration-without-objective.ttl', 'https://doi.org/10.5072/phd.ecc.sp8.v3', 'https://w3id.org/imaging-phd/ns#hasComponent'],
    ['laser-wavelength-not-a-number.ttl', 'https://doi.org/10.5072/phd.ecc.sp8.v4/component/laser/range/1', 'https://w3id.org/imaging-phd/nbo-q#peakWavelength'],
    ['person-orcid-wrong-check-digit.ttl', 'https://orcid.org/0000-0002-1825-0098', 'http://purl.org/dc/terms/identifier'],
  ])('exits 1 for %s and names the focus node and the path.', (file, focusNode, path) => {
    const result = runCli(['validate', 'data/', invalid(file)]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`focus node: ${focusNode}`);
    expect(result.stdout).toContain(`path: ${path}`);
    expect(result.stdout).toContain('does not conform');
  });

  it('prints the violations as JSON with --format json.', () => {
    const result = runCli(['validate', 'data/', invalid('person-orcid-wrong-check-digit.ttl'), '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { conforms: boolean; violations: { focusNode: string; path?: string; severity: string; message: string }[] };
    expect(report.conforms).toBe(false);
    expect(report.violations).toContainEqual(expect.objectContaining({
      focusNode: 'https://orcid.org/0000-0002-1825-0098',
      path: 'http://purl.org/dc/terms/identifier',
      severity: 'Violation',
    }));
  });

  it('validates a configuration at the tier given by --tier, overriding the declared one.', () => {
    // The IGC Limelight configuration declares tier 1; at tier 2 its camera lacks required fields.
    const atDeclared = runCli(['validate', 'data/']);
    const atTier2 = runCli(['validate', 'data/', '--tier', '2', '--format', 'json']);
    expect(atDeclared.status).toBe(0);
    expect(atTier2.status).toBe(1);
    const report = JSON.parse(atTier2.stdout) as { violations: { focusNode: string; path?: string; message: string }[] };
    expect(report.violations).toContainEqual(expect.objectContaining({
      focusNode: 'https://imaging-phd.example/id/configuration/igc-limelight-v1/component/66315d06-994d-4552-b092-1cfa5d044258',
      path: 'https://w3id.org/imaging-phd/nbo-q#illumination',
    }));
  });

  it('exits 2 on malformed Turtle and reports file:line:column.', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phd-cli-'));
    const file = join(dir, 'broken.ttl');
    writeFileSync(file, '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n');
    const result = runCli(['validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/broken\.ttl:3:\d+: /);
  });

  it('exits 2 on malformed JSON-LD input with its position.', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phd-cli-'));
    const file = join(dir, 'broken.jsonld');
    writeFileSync(file, '{\n  "@id": "http://example.org/a",\n  "http://example.org/b": [1, 2\n}\n');
    const result = runCli(['validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/broken\.jsonld:\d+:\d+: invalid JSON/);
  });

  it('reads JSON-LD and N-Triples as well as Turtle.', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phd-cli-'));
    writeFileSync(join(dir, 'person.jsonld'), JSON.stringify({
      '@context': { phd: 'https://w3id.org/imaging-phd/ns#', schema: 'https://schema.org/', dcterms: 'http://purl.org/dc/terms/' },
      '@id': 'https://orcid.org/0000-0002-1825-0097', '@type': 'phd:Person', 'schema:name': 'Josiah Carberry', 'dcterms:identifier': '0000-0002-1825-0097',
    }));
    writeFileSync(join(dir, 'org.nt'), '<https://ror.org/042nb2s44> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/imaging-phd/ns#Organization> .\n<https://ror.org/042nb2s44> <https://schema.org/name> "MIT" .\n');
    const result = runCli(['validate', dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses a remote JSON-LD context without fetching it.', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phd-cli-'));
    const file = join(dir, 'remote.jsonld');
    writeFileSync(file, JSON.stringify({ '@context': 'http://127.0.0.1:9/context.jsonld', '@id': 'http://example.org/a' }));
    const result = runCli(['validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('remote context');
  });

  it('exits 2 with usage on bad arguments.', () => {
    expect(runCli(['validate']).status).toBe(2);
    expect(runCli(['validate', 'data/', '--tier', '7']).status).toBe(2);
    expect(runCli(['validate', 'no/such/dir']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
    const unknown = runCli(['validate', 'data/', '--teir', '2']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown option --teir');
    expect(runCli(['load', 'data/', '--dry-run']).status).toBe(2);
  });
});
