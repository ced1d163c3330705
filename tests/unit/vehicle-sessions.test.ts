import { describe, expect, it } from 'vitest';
import { advance, deriveSessions, type RunningSession, type SessionSample } from '@/server/vehicles/sessions';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function sample(minutes: number, batteryLevel: number | null, extra: Partial<SessionSample> = {}): SessionSample {
  return {
    sampledAt: at(minutes),
    batteryLevel,
    isCharging: null,
    isPluggedIn: null,
    chargeRateKw: null,
    odometerKm: 12_000,
    latitude: 59.9,
    longitude: 10.7,
    ...extra,
  };
}

describe('deriveSessions', () => {
  it('finds a 20-minute DC charge from the battery level alone (no rate, no flags)', () => {
    const sessions = deriveSessions(
      [
        sample(0, 20, { odometerKm: 12_000 }),
        sample(5, 35, { odometerKm: 12_001 }),
        sample(10, 50, { odometerKm: 12_001 }),
        sample(15, 62, { odometerKm: 12_001 }),
        sample(20, 70, { odometerKm: 12_001, latitude: 60.1, longitude: 11.2 }),
        sample(80, 68, { odometerKm: 12_030 }), // driven away
      ],
      75,
    );
    expect(sessions).toEqual([
      {
        startTime: at(0),
        endTime: at(20),
        batteryLevelStart: 20,
        batteryLevelEnd: 70,
        energyAddedKwh: 37.5, // 75 kWh × 50 %
        latitude: 59.9,
        longitude: 10.7,
        odometerKm: 12_001,
      },
    ]);
  });

  it('counts a charge seen only before and after, even unplugged by then', () => {
    const [session] = deriveSessions([sample(0, 30, { isPluggedIn: false }), sample(25, 60, { isPluggedIn: false })], 60);
    expect(session).toMatchObject({ startTime: at(0), endTime: null, batteryLevelStart: 30, batteryLevelEnd: 60, energyAddedKwh: 18 });
  });

  it('integrates the charge rate when the car reports one', () => {
    const sessions = deriveSessions(
      [
        sample(0, 50, { isPluggedIn: true }),
        sample(10, 50, { isPluggedIn: true, isCharging: true, chargeRateKw: 11 }),
        sample(70, 65, { isPluggedIn: true, isCharging: true, chargeRateKw: 11 }),
        sample(130, 80, { isPluggedIn: true, isCharging: false }),
      ],
      75,
    );
    // Starts at the first charging sample (no rise before it); 11 kW for the hour between the charging samples.
    expect(sessions).toEqual([expect.objectContaining({ startTime: at(10), endTime: at(130), batteryLevelStart: 50, batteryLevelEnd: 80 })]);
    // The last sample rose by 15 points, so it belongs to the session; its rate is 0 (stopped).
    expect(sessions[0].energyAddedKwh).toBeCloseTo(11 + 5.5 * 1, 3);
  });

  it('ignores small drops and regenerative wobble, and leaves a running session open', () => {
    const sessions = deriveSessions(
      [
        sample(0, 60),
        sample(10, 61, { isPluggedIn: false }), // +1 unplugged: noise
        sample(20, 58),
        sample(30, 58, { isPluggedIn: true, isCharging: true }),
        sample(40, 60, { isPluggedIn: true, isCharging: true }),
      ],
      null,
    );
    expect(sessions).toEqual([
      expect.objectContaining({ startTime: at(30), endTime: null, batteryLevelStart: 58, batteryLevelEnd: 60, energyAddedKwh: null }),
    ]);
  });

  it('splits separate charges', () => {
    const sessions = deriveSessions(
      [sample(0, 20), sample(20, 60), sample(60, 50), sample(90, 50), sample(110, 80), sample(200, 75)],
      50,
    );
    expect(sessions.map((s) => [s.startTime, s.endTime, s.energyAddedKwh])).toEqual([
      [at(0), at(20), 20],
      [at(90), at(110), 15],
    ]);
  });

  it('extends an open session sample by sample from its running totals, as deriving from all samples does', () => {
    const samples = [
      sample(0, 40, { isPluggedIn: true }),
      sample(10, 42, { isPluggedIn: true, chargeRateKw: 7 }),
      sample(20, 45, { isPluggedIn: true, chargeRateKw: 11, latitude: null, longitude: null }),
      sample(30, 49, { isPluggedIn: true, chargeRateKw: 11, odometerKm: 12_002 }),
      sample(40, 52, { isPluggedIn: true, isCharging: false }),
      sample(50, 52, { isPluggedIn: false }),
    ];
    const ended: RunningSession[] = [];
    let run: RunningSession | undefined;
    samples.forEach((s, i) => {
      // As stored between deliveries: a copy of the row, nothing else carried over.
      run = advance(run && { ...run }, samples[i - 1], s, 75, ended);
    });
    const whole = deriveSessions(samples, 75);
    expect(run).toBeUndefined();
    expect(ended).toEqual(whole.map((session) => expect.objectContaining(session)));
    expect(whole[0]).toMatchObject({ startTime: at(0), endTime: at(40), batteryLevelStart: 40, batteryLevelEnd: 52, odometerKm: 12_000 });
  });
});
