import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';

const SECRET = 'very-secret-client-secret-123';
const BASE = { PHD_DATA_DIR: '/tmp/x' };

describe('The OpenID Connect configuration', () => {
  it('is off without PHD_OIDC_*.', () => {
    expect(loadConfig(BASE).workspace.oidc).toBeUndefined();
  });

  it('reads issuer, client, secret, scopes and the button name, with defaults.', () => {
    const oidc = loadConfig({ ...BASE, PHD_OIDC_ISSUER: 'https://orcid.org', PHD_OIDC_CLIENT_ID: 'APP-1', PHD_OIDC_CLIENT_SECRET: SECRET }).workspace.oidc;
    expect(oidc).toEqual({ issuer: 'https://orcid.org', clientId: 'APP-1', clientSecret: SECRET, scopes: 'openid profile', name: 'orcid.org' });
    const named = loadConfig({ ...BASE, PHD_OIDC_ISSUER: 'https://idp.example/realms/x', PHD_OIDC_CLIENT_ID: 'c', PHD_OIDC_CLIENT_SECRET: SECRET, PHD_OIDC_SCOPES: ' openid  email ', PHD_OIDC_NAME: 'Campus login' }).workspace.oidc;
    expect(named).toMatchObject({ scopes: 'openid email', name: 'Campus login' });
  });

  it('refuses an incomplete set at boot, naming what is missing and never the secret.', () => {
    expect(() => loadConfig({ ...BASE, PHD_OIDC_ISSUER: 'https://orcid.org', PHD_OIDC_CLIENT_SECRET: SECRET })).toThrow(/PHD_OIDC_CLIENT_ID is not set/);
    expect(() => loadConfig({ ...BASE, PHD_OIDC_CLIENT_SECRET: SECRET })).toThrow(/PHD_OIDC_ISSUER, PHD_OIDC_CLIENT_ID are not set/);
    expect(() => loadConfig({ ...BASE, PHD_OIDC_NAME: 'x' })).toThrow(/PHD_OIDC_NAME is set but/);
    for (const env of [{ PHD_OIDC_CLIENT_SECRET: SECRET }, { PHD_OIDC_ISSUER: `https://x:${SECRET}@idp.example`, PHD_OIDC_CLIENT_ID: 'c', PHD_OIDC_CLIENT_SECRET: SECRET }]) {
      expect(() => loadConfig({ ...BASE, ...env })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(SECRET) as unknown }));
    }
  });

  it('refuses a plain-http issuer that is not on this machine, and scopes without openid.', () => {
    const rest = { PHD_OIDC_CLIENT_ID: 'c', PHD_OIDC_CLIENT_SECRET: SECRET };
    expect(() => loadConfig({ ...BASE, ...rest, PHD_OIDC_ISSUER: 'http://idp.example' })).toThrow(/only a provider on this machine/);
    expect(loadConfig({ ...BASE, ...rest, PHD_OIDC_ISSUER: 'http://127.0.0.1:9000' }).workspace.oidc?.issuer).toBe('http://127.0.0.1:9000');
    expect(() => loadConfig({ ...BASE, ...rest, PHD_OIDC_ISSUER: 'https://idp.example', PHD_OIDC_SCOPES: 'profile' })).toThrow(/lacks openid/);
  });

  it('trusts an orcid claim from the provider only when PHD_OIDC_TRUST_ORCID_CLAIM is true, and refuses a value that is neither.', () => {
    expect(loadConfig(BASE).workspace.trustOrcidClaim).toBe(false);
    expect(loadConfig({ ...BASE, PHD_OIDC_TRUST_ORCID_CLAIM: 'false' }).workspace.trustOrcidClaim).toBe(false);
    expect(loadConfig({ ...BASE, PHD_OIDC_TRUST_ORCID_CLAIM: 'true' }).workspace.trustOrcidClaim).toBe(true);
    expect(() => loadConfig({ ...BASE, PHD_OIDC_TRUST_ORCID_CLAIM: 'yes' })).toThrow(/PHD_OIDC_TRUST_ORCID_CLAIM=yes is neither true nor false/);
  });
});
