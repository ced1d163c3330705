/** The pure parts of the OCPP edge: identities at the handshake, the per-connection call rate, unstorable text, stored payload caps. */
import { describe, expect, it } from 'vitest';
import { CallRateLimit } from '@/server/chargers/ocpp/call-rate';
import { hasUnstorableText } from '@/server/chargers/ocpp/call-guard';
import { STORED_PAYLOAD_MAX_CHARS, storablePayload } from '@/server/chargers/ocpp/events';
import { identityProblem } from '@/server/chargers/ocpp/handshake';

describe('identityProblem', () => {
  it('accepts identities that can be registered, percent-decoded', () => {
    expect(identityProblem('/ocpp/CP-001')).toBeUndefined();
    expect(identityProblem('/ocpp/a%2Bb%40c')).toBeUndefined();
    expect(identityProblem(`/ocpp/${'x'.repeat(48)}?foo=bar`)).toBeUndefined();
  });

  it('refuses bad percent-encodings, NUL and control characters, over-long and empty identities', () => {
    for (const url of ['/ocpp/%ZZ', '/ocpp/%E0%A4%A', '/ocpp/a%00b', '/ocpp/a%0Ab', '/ocpp/a%20b', '/ocpp/a%3Ab', `/ocpp/${'x'.repeat(49)}`, '/ocpp/']) {
      expect(identityProblem(url), url).toBeTypeOf('string');
    }
  });
});

describe('CallRateLimit', () => {
  it('runs the burst at once, queues as many again with growing waits, refuses beyond, and refills at the rate', () => {
    let ms = 0;
    const rate = new CallRateLimit({ perSecond: 10, burst: 3 }, () => ms);
    expect([rate.take(), rate.take(), rate.take()]).toEqual([0, 0, 0]);
    expect([rate.take(), rate.take(), rate.take()]).toEqual([100, 200, 300]);
    expect(rate.take()).toBeNull();
    ms = 100; // one token back: one more may queue
    expect(rate.take()).toBe(300);
    expect(rate.take()).toBeNull();
    ms = 10_000; // refilled, but never beyond the burst
    expect([rate.take(), rate.take(), rate.take(), rate.take()]).toEqual([0, 0, 0, 100]);
  });
});

describe('hasUnstorableText', () => {
  it('finds NUL and unpaired surrogates in values and keys at any depth', () => {
    expect(hasUnstorableText({ vendorId: 'x', data: 'ok ✓ 😀' })).toBe(false);
    expect(hasUnstorableText({ data: 'a\u0000b' })).toBe(true);
    expect(hasUnstorableText({ data: ['\ud800'] })).toBe(true);
    expect(hasUnstorableText({ data: 'x\udc00' })).toBe(true);
    expect(hasUnstorableText({ ['k\u0000']: 1 })).toBe(true);
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hasUnstorableText(deep)).toBe(true);
  });
});

describe('storablePayload', () => {
  it('keeps small payloads and replaces large ones by a marker with their size and start', () => {
    const small = { vendorId: 'v', data: 'x'.repeat(100) };
    expect(storablePayload(small)).toEqual(small);
    const large = { vendorId: 'vv', data: '😀'.repeat(100_000) }; // its preview would end inside a pair
    const stored = storablePayload(large) as { truncated: boolean; chars: number; preview: string };
    expect(stored.truncated).toBe(true);
    expect(stored.chars).toBe(JSON.stringify(large).length);
    expect(JSON.stringify(stored).length).toBeLessThan(STORED_PAYLOAD_MAX_CHARS);
    expect(hasUnstorableText(stored)).toBe(false);
  });
});
