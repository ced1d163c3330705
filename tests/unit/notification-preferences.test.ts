import { describe, expect, it } from 'vitest';
import { channelsFor, quietUntil, type Preferences } from '@/server/notifications/preferences';
import { render } from '@/server/notifications/templates';

const prefs = (overrides: Partial<Preferences> = {}): Preferences => ({
  choices: {},
  ntfyUrl: null,
  quietStart: null,
  quietEnd: null,
  timeZone: 'UTC',
  webPushDevices: 0,
  smsPhone: null,
  ...overrides,
});

describe('quiet hours', () => {
  const at = (iso: string) => new Date(iso);

  it('hold a message until they end, across midnight, in the user’s time zone', () => {
    const night = prefs({ quietStart: 22 * 60, quietEnd: 7 * 60, timeZone: 'Europe/Berlin' });
    // 23:30 in Berlin (UTC+1 in winter) → until 07:00 Berlin = 06:00 UTC.
    expect(quietUntil(night, at('2026-12-06T22:30:00Z'))).toEqual(at('2026-12-07T06:00:00Z'));
    // 06:59 Berlin → a minute.
    expect(quietUntil(night, at('2026-12-07T05:59:30Z'))).toEqual(at('2026-12-07T06:00:00Z'));
    // 07:00 Berlin: over.
    expect(quietUntil(night, at('2026-12-07T06:00:00Z'))).toBeNull();
    // Summer time (UTC+2): 23:00 Berlin = 21:00 UTC → 05:00 UTC.
    expect(quietUntil(night, at('2026-07-01T21:00:00Z'))).toEqual(at('2026-07-02T05:00:00Z'));
  });

  it('within one day, and none when unset or empty', () => {
    const lunch = prefs({ quietStart: 12 * 60, quietEnd: 13 * 60 + 30 });
    expect(quietUntil(lunch, at('2026-12-06T12:10:00Z'))).toEqual(at('2026-12-06T13:30:00Z'));
    expect(quietUntil(lunch, at('2026-12-06T11:59:00Z'))).toBeNull();
    expect(quietUntil(prefs(), at('2026-12-06T12:10:00Z'))).toBeNull();
    expect(quietUntil(prefs({ quietStart: 600, quietEnd: 600 }), at('2026-12-06T10:00:00Z'))).toBeNull();
  });
});

describe('channels', () => {
  it('default to e-mail for faults and broken links; a channel needs somewhere to go', () => {
    expect(channelsFor(prefs(), 'charge_point_faulted')).toEqual(['email']);
    expect(channelsFor(prefs(), 'charge_point_recovered')).toEqual(['email']);
    expect(channelsFor(prefs(), 'vehicle_link_broken')).toEqual(['email']);
    expect(channelsFor(prefs(), 'session_finished')).toEqual([]);
    const chosen = prefs({ choices: { session_finished: { ntfy: true, webpush: true }, charge_point_fault: { email: false } } });
    expect(channelsFor(chosen, 'session_finished')).toEqual([]); // no topic, no browser
    expect(channelsFor({ ...chosen, ntfyUrl: 'https://ntfy.sh/t', webPushDevices: 1 }, 'session_finished')).toEqual(['ntfy', 'webpush']);
    expect(channelsFor(chosen, 'charge_point_faulted')).toEqual([]);
  });
});

describe('templates', () => {
  it('render the facts of a finished session, and escape nothing into the text', () => {
    const rendered = render('session_finished', { chargePointId: 'cp', chargePointName: 'Garage <1>', energyKwh: 12.345, durationMinutes: 95, cost: 3.5, currency: 'EUR' });
    expect(rendered).toEqual({
      title: 'Charging finished at Garage <1>',
      lines: ['Energy: 12.35 kWh', 'Duration: 1 h 35 min', 'Cost: €3.50'],
      path: '/charge-points/cp',
    });
  });

  it('render in the recipient’s language, with its numbers and currency format', () => {
    const facts = { chargePointId: 'cp', chargePointName: 'Garage', energyKwh: 12.345, durationMinutes: 95, cost: 3.5, currency: 'SEK' };
    expect(render('session_finished', facts, 'sv')).toEqual({
      title: 'Laddningen är klar vid Garage',
      lines: ['Energi: 12,35 kWh', 'Tid: 1 h 35 min', 'Kostnad: 3,50\u00a0kr'],
      path: '/charge-points/cp',
    });
    expect(render('session_finished', { ...facts, currency: 'EUR' }, 'de').lines).toEqual(['Energie: 12,35 kWh', 'Dauer: 1 Std. 35 Min.', 'Kosten: 3,50\u00a0€']);
    // An unknown language or none: English.
    expect(render('session_finished', facts, null).title).toBe('Charging finished at Garage');
  });
});
