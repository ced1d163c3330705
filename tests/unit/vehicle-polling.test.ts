import { describe, expect, it } from 'vitest';
import type { VehicleRow } from '@/server/vehicles/store';
import { dueForPoll } from '@/server/vehicles/polling';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000);

function vehicle(changes: Partial<VehicleRow>): VehicleRow {
  return {
    updateStrategy: 'poll',
    pollIntervalMinutes: 10,
    fetchedAt: minutesAgo(11),
    state: { chargeState: { isPluggedIn: false } },
    ...changes,
  } as VehicleRow;
}

describe('dueForPoll', () => {
  it('polls once the interval has passed since the last fetch', () => {
    expect(dueForPoll(vehicle({}), NOW)).toBe(true);
    expect(dueForPoll(vehicle({ fetchedAt: minutesAgo(9) }), NOW)).toBe(false);
    expect(dueForPoll(vehicle({ pollIntervalMinutes: null, fetchedAt: minutesAgo(14) }), NOW)).toBe(false); // default 15
    expect(dueForPoll(vehicle({ fetchedAt: null }), NOW)).toBe(true);
  });

  it('waits a full interval after a failed attempt too', () => {
    expect(dueForPoll(vehicle({}), NOW, NOW - 60_000)).toBe(false);
  });

  it('polls poll_when_plugged only while plugged in', () => {
    expect(dueForPoll(vehicle({ updateStrategy: 'poll_when_plugged' }), NOW)).toBe(false);
    expect(dueForPoll(vehicle({ updateStrategy: 'poll_when_plugged', state: { chargeState: { isPluggedIn: true } } }), NOW)).toBe(true);
  });

  it('never polls webhook or manual vehicles', () => {
    expect(dueForPoll(vehicle({ updateStrategy: 'webhook', fetchedAt: null }), NOW)).toBe(false);
    expect(dueForPoll(vehicle({ updateStrategy: 'manual', fetchedAt: null }), NOW)).toBe(false);
  });
});
