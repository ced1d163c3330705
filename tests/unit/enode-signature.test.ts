import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidEnodeSignature } from '@/server/enode/signature';

const SECRET = 'whsec-0123456789abcdef0123456789';
const BODY = '[{"event":"system:heartbeat"}]';
const sign = (body: string, secret = SECRET) => `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;

describe('Enode webhook signatures', () => {
  it('accept the HMAC-SHA1 of the raw body', () => {
    expect(isValidEnodeSignature(BODY, sign(BODY), SECRET)).toBe(true);
    expect(isValidEnodeSignature(Buffer.from(BODY), sign(BODY).toUpperCase().replace('SHA1=', 'sha1='), SECRET)).toBe(true);
  });

  it.each([
    ['a tampered body', sign(BODY), `${BODY} `],
    ['another secret', sign(BODY, 'another-secret-0123456789'), BODY],
    ['no header', null, BODY],
    ['no sha1= prefix', sign(BODY).slice(5), BODY],
    ['a short digest', sign(BODY).slice(0, -2), BODY],
    ['a non-hex digest', `sha1=${'z'.repeat(40)}`, BODY],
  ])('refuse %s', (_case, header, body) => {
    expect(isValidEnodeSignature(body, header, SECRET)).toBe(false);
  });

  it('refuse everything when no secret is configured', () => {
    expect(isValidEnodeSignature(BODY, sign(BODY, ''), undefined)).toBe(false);
  });
});
