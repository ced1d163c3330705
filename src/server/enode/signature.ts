import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha1=([0-9a-f]{40})$/i;

/**
 * Enode signs the raw body: `x-enode-signature: sha1=<hex HMAC-SHA1>`.
 * Compared in constant time; a missing or malformed header is simply invalid.
 */
export function isValidEnodeSignature(rawBody: string | Buffer, header: string | null, secret: string | undefined): boolean {
  if (!secret || !header) return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha1', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}
