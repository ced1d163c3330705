import { describe, expect, it } from 'vitest';

import { batterySpan as spanIn, timeOfDay } from '@/components/vehicles/battery-span';

const HOUR = 3_600_000;
const now = Date.parse('2026-12-06T12:00:00Z');
const TIME = timeOfDay('en');
const batterySpan = (samples: Parameters<typeof spanIn>[0]) => spanIn(samples, 'en');
const sample = (msAgo: number, battery_level: number | null = 50) => ({ sampled_at: new Date(now - msAgo).toISOString(), battery_level });

describe('what the battery chart says it spans (up to the newest reading)', () => {
  it('is the first reading when the readings are younger than the window', () => {
    expect(batterySpan([sample(5 * 60_000), sample(0)])).toEqual({ kind: 'since', time: TIME.format(now - 5 * 60_000) });
  });

  it('ignores samples without a battery level', () => {
    expect(batterySpan([sample(40 * HOUR, null), sample(HOUR), sample(0)])).toEqual({ kind: 'since', time: TIME.format(now - HOUR) });
  });

  it('is the whole window once the readings reach back that far', () => {
    expect(batterySpan([sample(47.5 * HOUR), sample(0)])).toEqual({ kind: 'window' });
  });

  it('names the day for readings older than half a day', () => {
    const span = batterySpan([sample(20 * HOUR), sample(0)]);
    expect(span.kind === 'since' && span.time).toContain(TIME.format(now - 20 * HOUR));
    expect(span).not.toEqual({ kind: 'since', time: TIME.format(now - 20 * HOUR) });
  });

  it('tells the time in the reader\'s language', () => {
    const german = spanIn([sample(20 * HOUR), sample(0)], 'de');
    const weekday = new Intl.DateTimeFormat('de', { weekday: 'short' }).format(now - 20 * HOUR);
    expect(german.kind === 'since' && german.time).toContain(weekday);
  });
});
