/** The site's calendar day of an instant, which keys the day rows of energy by source. */
import { describe, expect, it } from 'vitest';
import { siteDay } from '@/server/energy/measurements';

describe('siteDay', () => {
  it('is the date on the site’s wall clock, across midnight and daylight-saving changes', () => {
    // 23:30 UTC is already the next day in Zurich (summer: UTC+2, winter: UTC+1), still the same in New York.
    expect(siteDay(new Date('2026-03-28T23:30:00Z'), 'Europe/Zurich')).toBe('2026-03-29');
    expect(siteDay(new Date('2026-10-25T22:30:00Z'), 'Europe/Zurich')).toBe('2026-10-25');
    expect(siteDay(new Date('2026-10-25T23:30:00Z'), 'Europe/Zurich')).toBe('2026-10-26');
    expect(siteDay(new Date('2026-12-31T23:30:00Z'), 'America/New_York')).toBe('2026-12-31');
    expect(siteDay(new Date('2027-01-01T00:30:00Z'), 'Pacific/Auckland')).toBe('2027-01-01');
    expect(siteDay(new Date('2026-12-31T23:30:00Z'), 'UTC')).toBe('2026-12-31');
  });

  it('falls back to the UTC date for a zone the runtime does not know', () => {
    expect(siteDay(new Date('2026-06-01T23:30:00Z'), 'Mars/Olympus_Mons')).toBe('2026-06-01');
  });
});
