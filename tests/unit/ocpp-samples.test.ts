import { afterEach, describe, expect, it } from 'vitest';
import { setClock } from '@/server/clock';
import { samplesFrom16, samplesFrom201 } from '@/server/chargers/ocpp/meter-values';
import { messageClock, ocppTime } from '@/server/chargers/ocpp/time';

describe('ocppTime', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('normalises offsets to UTC and reads a missing zone as UTC', () => {
    expect(ocppTime('2026-03-01T12:00:00+02:00').toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(ocppTime('2026-03-01T12:00:00+0530').toISOString()).toBe('2026-03-01T06:30:00.000Z');
    expect(ocppTime('2026-03-01T12:00:00').toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(ocppTime('2026-03-01T12:00:00.123z').toISOString()).toBe('2026-03-01T12:00:00.123Z');
  });

  it('falls back to the app clock for an absent or unreadable timestamp', () => {
    const fixed = new Date('2030-01-01T00:00:00Z');
    restore = setClock(() => fixed);
    expect(ocppTime(undefined)).toEqual(fixed);
    expect(ocppTime('yesterday')).toEqual(fixed);
  });
});

describe('sampled values', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('1.6: defaults the measurand, converts kWh/kW to Wh/W and skips signed or unreadable values', () => {
    const samples = samplesFrom16([
      {
        timestamp: '2026-03-01T10:00:00Z',
        sampledValue: [
          { value: '12.5', unit: 'kWh' },
          { value: '7.4', measurand: 'Power.Active.Import', unit: 'kW', phase: 'L1', location: 'Outlet', context: 'Sample.Clock' },
          { value: '16', measurand: 'Current.Import', unit: 'A' },
          { value: 'abc', format: 'SignedData' },
          { value: 'n/a' },
        ],
      },
    ]);
    expect(samples).toEqual([
      { sampledAt: new Date('2026-03-01T10:00:00Z'), measurand: 'Energy.Active.Import.Register', phase: '', location: '', context: null, unit: 'Wh', value: 12_500 },
      { sampledAt: new Date('2026-03-01T10:00:00Z'), measurand: 'Power.Active.Import', phase: 'L1', location: 'Outlet', context: 'Sample.Clock', unit: 'W', value: 7400 },
      { sampledAt: new Date('2026-03-01T10:00:00Z'), measurand: 'Current.Import', phase: '', location: '', context: null, unit: 'A', value: 16 },
    ]);
  });

  it('2.0.1: applies the multiplier and the unit', () => {
    const [energy, voltage] = samplesFrom201([
      {
        timestamp: '2026-03-01T10:00:00+01:00',
        sampledValue: [
          { value: 1.25, unitOfMeasure: { unit: 'kWh', multiplier: 1 } },
          { value: 231, measurand: 'Voltage', phase: 'L2-N', unitOfMeasure: { unit: 'V' } },
        ],
      },
    ]);
    expect(energy).toMatchObject({ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 12_500, sampledAt: new Date('2026-03-01T09:00:00Z') });
    expect(voltage).toMatchObject({ measurand: 'Voltage', phase: 'L2-N', unit: 'V', value: 231 });
  });

  it('refuses the whole message for a reading no meter gives: beyond 1e12, not finite, or a negative register', () => {
    const refused = (f: () => unknown) => expect(f).toThrow(expect.objectContaining({ rpcErrorCode: 'PropertyConstraintViolation' }));
    const mv201 = (value: number, extra: Record<string, unknown> = {}) => [{ timestamp: '2026-03-01T10:00:00Z', sampledValue: [{ value, ...extra }] }];
    refused(() => samplesFrom201(mv201(1e300, { unitOfMeasure: { multiplier: 9 } })));
    refused(() => samplesFrom201(mv201(2e12)));
    refused(() => samplesFrom201(mv201(-1)));
    refused(() => samplesFrom16([{ timestamp: '2026-03-01T10:00:00Z', sampledValue: [{ value: '1e308' }] }]));
    refused(() => samplesFrom16([{ timestamp: '2026-03-01T10:00:00Z', sampledValue: [{ value: 'Infinity', measurand: 'Power.Active.Import' }] }]));
    refused(() => samplesFrom16([{ timestamp: '2026-03-01T10:00:00Z', sampledValue: [{ value: '-0.5', unit: 'kWh' }] }]));
    // Signed quantities stay: a power flowing back, a temperature below zero.
    expect(samplesFrom201(mv201(-3700, { measurand: 'Power.Active.Import' })).map((x) => x.value)).toEqual([-3700]);
    expect(samplesFrom16([{ timestamp: '2026-03-01T10:00:00Z', sampledValue: [{ value: '-12', measurand: 'Temperature', unit: 'Celsius' }] }])).toHaveLength(1);
  });

  it('a wrong clock (before 2015, over a day ahead) gives the receive time, once per message, and is noted', () => {
    const received = new Date('2026-12-06T06:00:00Z');
    restore = setClock(() => received);
    const clock = messageClock();
    const samples = samplesFrom16(
      [
        { timestamp: '2000-01-01T00:00:00Z', sampledValue: [{ value: '100' }] },
        { timestamp: '9999-12-31T23:59:59Z', sampledValue: [{ value: '200' }] },
        { timestamp: '2026-12-07T05:00:00Z', sampledValue: [{ value: '300' }] },
        { timestamp: '2015-01-01T00:00:00Z', sampledValue: [{ value: '50' }] },
      ],
      clock,
    );
    expect(samples.map((x) => x.sampledAt.toISOString())).toEqual([received.toISOString(), received.toISOString(), '2026-12-07T05:00:00.000Z', '2015-01-01T00:00:00.000Z']);
    expect(clock.replaced).toEqual(['2000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.000Z']);
    expect(ocppTime('2026-12-07T06:00:01Z')).toEqual(received);
  });
});
