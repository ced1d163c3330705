import { describe, expect, it } from 'vitest';
import { SMS_MAX_CHARS, smsText } from '@/server/notifications/channels/sms';
import { codeSchema, phoneSchema } from '@/server/notifications/sms-phone';
import { render } from '@/server/notifications/templates';

describe('SMS', () => {
  it('accepts mobile numbers in international format only, as E.164', () => {
    expect(phoneSchema.parse(' +49 151 2345-6789 ')).toBe('+4915123456789');
    expect(phoneSchema.parse('+1 (202) 555-0143')).toBe('+12025550143');
    for (const bad of ['0151 23456789', '+1 555', 'call me', '+999 123456', '']) expect(phoneSchema.safeParse(bad).success, bad).toBe(false);
    expect(codeSchema.safeParse('012345').success).toBe(true);
    for (const bad of ['12345', '1234567', 'abcdef']) expect(codeSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('texts the title, the lines and the link, cut to two segments', () => {
    const rendered = render('session_finished', { chargePointId: 'cp', chargePointName: 'Garage', energyKwh: 7, durationMinutes: 30 });
    expect(smsText(rendered, 'https://ev.example/charge-points/cp')).toBe(
      'Charging finished at Garage\nEnergy: 7.00 kWh\nDuration: 30 min\nhttps://ev.example/charge-points/cp',
    );
    const long = smsText({ title: 'x'.repeat(500), lines: [], path: '/' }, 'https://ev.example/');
    expect(long).toHaveLength(SMS_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('renders a finished vehicle session with energy, duration, battery and cost', () => {
    expect(
      render('vehicle_session_finished', { vehicleId: 'v1', vehicleName: 'Model 3', energyKwh: 20.5, durationMinutes: 125, batteryStart: 20, batteryEnd: 80, cost: 6.15, currency: 'EUR' }),
    ).toEqual({
      title: 'Model 3 finished charging',
      lines: ['Energy: 20.50 kWh', 'Duration: 2 h 5 min', 'Battery: 20 % → 80 %', 'Cost: €6.15'],
      path: '/vehicles/v1',
    });
    expect(render('vehicle_session_finished', { vehicleId: 'v1', energyKwh: null, durationMinutes: 10 }).lines).toEqual(['Energy: unknown', 'Duration: 10 min']);
  });
});
