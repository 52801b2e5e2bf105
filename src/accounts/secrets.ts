import { createHash, randomBytes } from 'node:crypto';

/**
 * @param bytes - how many random bytes.
 * @returns a URL-safe random secret.
 */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * @returns a new opaque id: 12 lower-case letters and digits.
 */
export function newId(): string {
  return randomBytes(12).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '').padEnd(12, '0').slice(0, 12);
}

/**
 * Secrets are stored as their SHA-256, so that the database never holds a usable session or link.
 * @param secret - a presented secret.
 * @returns its hex digest.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
