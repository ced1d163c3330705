import { describe, expect, it } from 'vitest';
import { formatLocal, isTimeZone, localMonthRange, offsetMs, timeZoneSchema, zonedInstant } from '@/server/chargers/local-time';

describe('site local time', () => {
  it('knows IANA zones, UTC and ICU aliases; refuses anything else with words', () => {
    for (const zone of ['Europe/Zurich', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu']) expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus', '', 'Europe/Zurich; drop table', 'x'.repeat(100)]) expect(isTimeZone(zone)).toBe(false);
    const refused = timeZoneSchema.safeParse('Mars/Olympus');
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0].message).toContain('Not a time zone this server knows');
  });

  it('a local month is its local midnights, across a change of offset (March in Zurich: 31 days less an hour)', () => {
    const march = localMonthRange('2026-03', 'Europe/Zurich');
    expect(march.from.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(march.to.toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect((march.to.getTime() - march.from.getTime()) / 3_600_000).toBe(31 * 24 - 1);
    const december = localMonthRange('2026-12', 'America/New_York');
    expect(december.to.toISOString()).toBe('2027-01-01T05:00:00.000Z');
    expect(localMonthRange('2026-02', 'UTC')).toEqual({ from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') });
  });

  it('wall-clock times in the gap land after it, repeated ones are their first occurrence', () => {
    // 29 March 2026, 02:30 does not exist in Zurich: read with +01:00, it is 03:30 summer time.
    expect(new Date(zonedInstant('Europe/Zurich', 2026, 3, 29, 2, 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026, 02:30 happens twice: the first (summer time, +02:00).
    expect(new Date(zonedInstant('Europe/Zurich', 2026, 10, 25, 2, 30)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('formats local time with its offset, so the repeated hour stays two distinct values', () => {
    expect(formatLocal(Date.parse('2026-10-25T00:15:00Z'), 'Europe/Zurich')).toBe('2026-10-25T02:15:00+02:00');
    expect(formatLocal(Date.parse('2026-10-25T01:15:00Z'), 'Europe/Zurich')).toBe('2026-10-25T02:15:00+01:00');
    expect(formatLocal(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Zurich')).toBe('2026-03-29T03:00:00+02:00');
    expect(formatLocal(Date.parse('2026-06-01T12:00:00Z'), 'Asia/Kathmandu')).toBe('2026-06-01T17:45:00+05:45');
  });

  it('offsets around a change, also from the hour cache', () => {
    for (let round = 0; round < 2; round++) {
      expect(offsetMs(Date.parse('2026-03-29T00:59:59Z'), 'Europe/Zurich')).toBe(3_600_000);
      expect(offsetMs(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Zurich')).toBe(7_200_000);
    }
    // A hostile far-future instant: a number, never NaN.
    expect(Number.isFinite(offsetMs(8.64e15 - 1, 'Europe/Zurich'))).toBe(true);
  });
});
