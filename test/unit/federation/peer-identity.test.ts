import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { PeerIdentity } from '../../../src/federation/peer-identity.js';

const TOKEN_B = 'b-secret-0123456789abcdef';
const TOKEN_C = 'c-secret-0123456789abcdef';

function identity(): PeerIdentity {
  const config = loadConfig({
    PHD_PEER_CREDENTIALS: `https://b.example.org token:${TOKEN_B}, https://c.example.org token:${TOKEN_C},https://c.example.org address:10.1.0.0/16, https://d.example.org/ address:2001:db8::7`,
  });
  return new PeerIdentity(config.peerCredentials);
}

describe('A PeerIdentity', () => {
  it('names the peer whose token a request carries, wherever it comes from.', () => {
    const peers = identity();
    expect(peers.identify({ authorization: `Bearer ${TOKEN_B}`, address: '203.0.113.9' })).toEqual({ kind: 'peer', name: 'https://b.example.org' });
    expect(peers.identify({ authorization: `bearer ${TOKEN_C}`, address: '::1' })).toEqual({ kind: 'peer', name: 'https://c.example.org' });
  });

  it('names the peer whose allow-listed address a request comes from (IPv4 ranges, dual-stack forms, IPv6).', () => {
    const peers = identity();
    expect(peers.identify({ authorization: undefined, address: '10.1.200.3' })).toEqual({ kind: 'peer', name: 'https://c.example.org' });
    expect(peers.identify({ authorization: undefined, address: '::ffff:10.1.0.1' })).toEqual({ kind: 'peer', name: 'https://c.example.org' });
    expect(peers.identify({ authorization: undefined, address: '2001:db8::7' })).toEqual({ kind: 'peer', name: 'https://d.example.org' });
  });

  it('leaves anonymous a missing, wrong, truncated or differently-schemed token, and any other address.', () => {
    const peers = identity();
    for (const authorization of [undefined, '', 'Bearer', `Bearer ${TOKEN_B}x`, `Bearer ${TOKEN_B.slice(0, -1)}`, `Basic ${TOKEN_B}`, TOKEN_B, 'Bearer https://b.example.org']) {
      expect(peers.identify({ authorization, address: '10.2.0.1' }), String(authorization)).toBeUndefined();
    }
    expect(peers.identify({ authorization: undefined, address: 'unknown' })).toBeUndefined();
  });

  it('recognises this instance\'s own token, made at start, and nobody else\'s.', () => {
    const random = identity();
    expect(random.ownToken.length).toBeGreaterThanOrEqual(32);
    expect(random.identify({ authorization: `Bearer ${random.ownToken}`, address: '127.0.0.1' })).toEqual({ kind: 'self' });
    expect(identity().identify({ authorization: `Bearer ${random.ownToken}`, address: '127.0.0.1' })).toBeUndefined();
  });
});

describe('loadConfig: peer credentials', () => {
  it('reads PHD_PEER_TOKEN, PHD_PEER_CREDENTIALS and the peers\' limits, with defaults above the anonymous ones.', () => {
    const config = loadConfig({ PHD_PEER_TOKEN: 'own-token-0123456789', PHD_PEER_CREDENTIALS: `https://b.example.org/ token:${TOKEN_B}` });
    expect(config.peerToken).toBe('own-token-0123456789');
    expect(config.peerCredentials).toEqual([{ peer: 'https://b.example.org', kind: 'token', token: TOKEN_B }]);
    expect([config.peerRateLimit, config.peerRateBurst, config.peerMaxQueries]).toEqual([1_000, 2_000, 32]);
    expect(config.peerRateLimit).toBeGreaterThan(config.rateLimit);
    expect(config.peerMaxQueries).toBeGreaterThan(config.clientMaxQueries);
  });

  it('refuses malformed entries, short tokens, bad addresses and one token for two peers — never repeating a secret.', () => {
    const secret = 'shortsecret';
    for (const [env, message] of [
      [{ PHD_PEER_TOKEN: secret }, /PHD_PEER_TOKEN: a peer token must be at least 16 characters/],
      [{ PHD_PEER_CREDENTIALS: `https://b.example.org token:${secret}` }, /at least 16 characters/],
      [{ PHD_PEER_CREDENTIALS: `token:${secret}${secret}` }, /entry 1 is not/],
      [{ PHD_PEER_CREDENTIALS: `https://b.example.org ${secret}${secret}` }, /entry 1 is not/],
      [{ PHD_PEER_CREDENTIALS: `ftp://b.example.org token:${secret}${secret}` }, /not an http\(s\) base URL/],
      [{ PHD_PEER_CREDENTIALS: 'https://b.example.org address:10.0.0.300' }, /not an IP address or CIDR range/],
      [{ PHD_PEER_CREDENTIALS: 'https://b.example.org address:10.0.0.0/33' }, /prefix length outside 0–32/],
      [{ PHD_PEER_CREDENTIALS: `https://b.example.org token:${secret}${secret},https://c.example.org token:${secret}${secret}` }, /same token/],
    ] as const) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
