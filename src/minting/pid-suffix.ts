import { randomBytes } from 'node:crypto';

/** Crockford's base32 alphabet, lower case: no i, l, o or u, so a suffix read aloud or off a label is not misread. */
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A new PID suffix chosen by this service, `phd-xxxx-xxxx` (40 random bits in Crockford base32):
 * DataCite and handle servers accept a client-chosen name, so a record is named before the provider
 * is reached. A collision is unlikely but possible; the caller checks the name is unused.
 * @returns the suffix, e.g. `phd-7k2q-m9xd`.
 */
export function newPidSuffix(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let i = 0; i < 8; i += 1) {
    text = (CROCKFORD[Number(bits & 31n)] ?? '0') + text;
    bits >>= 5n;
  }
  return `phd-${text.slice(0, 4)}-${text.slice(4)}`;
}
