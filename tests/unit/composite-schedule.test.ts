import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import type { CommandWords } from '@/components/charge-points/command-rules';
import { describeCompositeSchedule as describeIn } from '@/components/charge-points/composite-schedule';
import { CATALOGUES } from '@/i18n/messages';
import type { Locale } from '@/i18n/locales';

const words = (locale: Locale) => createTranslator({ locale, messages: CATALOGUES[locale], namespace: 'commands' }) as unknown as CommandWords;
const describeCompositeSchedule = (answer: Record<string, unknown>) => describeIn(words('en'), answer);

describe('describeCompositeSchedule (the charge point page\'s GetCompositeSchedule answer)', () => {
  it('lists the limits with their start relative to the schedule start', () => {
    const answer = {
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: '2026-01-01T12:00:00Z',
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 1800, limit: 10, numberPhases: 1 },
          { startPeriod: 8100, limit: 6 },
          { startPeriod: 7 * 3600, limit: 0 },
        ],
      },
    };
    expect(describeCompositeSchedule(answer)).toBe('Accepted: 16 A now, 10 A (1-phase) from +30 min, 6 A from +2 h 15 min, 0 A from +7 h');
  });

  it('shows a refusal, or an accepted answer without a schedule, as such', () => {
    expect(describeCompositeSchedule({ status: 'Rejected' })).toBe('Rejected');
    expect(describeCompositeSchedule({ status: 'Accepted' })).toBe('Accepted: no schedule');
    expect(describeCompositeSchedule({ status: 'Accepted', chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 45, limit: 3680 }] } })).toBe(
      'Accepted: 3680 W from +45 s',
    );
  });

  it('reads a 2.0.1 answer, whose schedule is under `schedule`', () => {
    const answer = {
      status: 'Accepted',
      schedule: { evseId: 1, duration: 3600, scheduleStart: '2026-01-01T12:00:00Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 1800, limit: 10 }] },
    };
    expect(describeCompositeSchedule(answer)).toBe('Accepted: 16 A now, 10 A from +30 min');
  });

  it('is worded in the reader\'s language', () => {
    const answer = { status: 'Accepted', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 1800, limit: 10, numberPhases: 1 }] } };
    expect(describeIn(words('sv'), answer)).toBe('Godkänt: 16 A nu, 10 A (1-fas) från +30 min');
    expect(describeIn(words('de'), { status: 'Accepted' })).toBe('Angenommen: kein Ladeplan');
  });
});
