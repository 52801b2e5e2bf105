import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';
import type { PeerCredential } from '../config/index.js';

/** Who a request proved to be (see {@link PeerIdentity.identify}). */
export type PeerIdentityResult = { readonly kind: 'peer'; readonly name: string } | { readonly kind: 'self' } | undefined;

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Tells the configured peers (and this instance itself) from anonymous clients, by what a client
 * cannot forge: a bearer token a peer was given (compared as SHA-256 digests, in constant time),
 * or the address it connects from. Nothing else a request says about itself counts.
 *
 * This instance's own loopback requests (link-by-link federation) carry {@link ownToken}, a
 * random token made at start and never configured: PHD_PEER_TOKEN goes to peers, and a peer that
 * happened to hold the same value must not pass for this instance.
 */
export class PeerIdentity {
  private readonly tokens: readonly { digest: Buffer; peer: string }[];
  private readonly ranges: readonly { peer: string; list: BlockList }[];
  private readonly own: Buffer;
  /** The token this instance sends with its own loopback requests (made at start, known to nobody else). */
  public readonly ownToken: string = randomBytes(32).toString('base64url');

  /**
   * @param credentials - PHD_PEER_CREDENTIALS.
   */
  public constructor(credentials: readonly PeerCredential[]) {
    this.own = digest(this.ownToken);
    this.tokens = credentials.flatMap((c) => (c.kind === 'token' ? [{ digest: digest(c.token), peer: c.peer }] : []));
    this.ranges = credentials.flatMap((c) => {
      if (c.kind !== 'address') return [];
      const list = new BlockList();
      list.addSubnet(c.address, c.prefix, c.family);
      return [{ peer: c.peer, list }];
    });
  }

  /**
   * Identifies a request.
   * @param request - its Authorization header and its address (`req.ip`).
   * @param request.authorization - the Authorization header, if any.
   * @param request.address - the client address as Express sees it.
   * @returns the peer's name, `self`, or undefined (anonymous: a missing or wrong token, an address on no list).
   */
  public identify(request: { readonly authorization: string | undefined; readonly address: string }): PeerIdentityResult {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1];
    if (token !== undefined) {
      const given = digest(token);
      if (timingSafeEqual(given, this.own)) return { kind: 'self' };
      for (const entry of this.tokens) if (timingSafeEqual(given, entry.digest)) return { kind: 'peer', name: entry.peer };
    }
    // An IPv4 client of a dual-stack listener shows as ::ffff:a.b.c.d.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(request.address)?.[1];
    const address = mapped ?? request.address;
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    for (const range of this.ranges) {
      try {
        if (range.list.check(address, family)) return { kind: 'peer', name: range.peer };
      } catch {
        // Not an address (e.g. a socket already closed): anonymous.
      }
    }
    return undefined;
  }
}
