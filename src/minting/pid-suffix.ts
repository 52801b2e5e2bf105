import { randomBytes } from 'node:crypto';

/** Crockford's base32 alphabet, lower case: no i, l, o, u, so a suffix read aloud or copied from a label is not misread. */
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** The suffixes {@link newPidSuffix} produces. */
const SERVICE_SUFFIX = /^phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/;

/**
 * Whether a suffix has the form of one this service chose ({@link newPidSuffix}): only such names
 * are registered when a record is created, since any other was chosen by hand and may be registered
 * elsewhere already.
 * @param suffix - the PID's suffix (after the prefix's slash).
 * @returns true for `phd-xxxx-xxxx` in lower-case Crockford base32.
 */
export function isServiceSuffix(suffix: string): boolean {
  return SERVICE_SUFFIX.test(suffix);
}

/**
 * A new PID suffix, `phd-xxxx-xxxx`: 40 random bits (crypto) in Crockford base32, lower case. The
 * service chooses the suffix itself (DataCite and handle servers accept a client-chosen name), so a
 * record is named by its PID before the provider has been reached. 2^40 suffixes make a collision
 * under one prefix unlikely, and the store refuses one (an IRI is never reused).
 * @returns the suffix.
 * @example
 * ```ts
 * `10.5072/${newPidSuffix()}`; // '10.5072/phd-7k2q-m9xd'
 * ```
 */
export function newPidSuffix(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let digits = '';
  for (let i = 7; i >= 0; i--) digits += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)] ?? '';
  return `phd-${digits.slice(0, 4)}-${digits.slice(4)}`;
}
