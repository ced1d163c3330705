/** The hours of battery samples the vehicle page shows. */
export const BATTERY_WINDOW_HOURS = 48;
const HOUR_MS = 3_600_000;

/** A time of day in the reader's language and the browser's time zone ("14:05", "02:05 PM"). */
export const timeOfDay = (locale: string) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = (locale: string) => new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** The whole window, or since the first reading (its time, formatted). */
export type BatterySpan = { kind: 'window' } | { kind: 'since'; time: string };

export interface BatterySample {
  sampled_at: string;
  battery_level: number | null;
}

export const readings = (samples: BatterySample[]) =>
  samples.filter((s) => s.battery_level != null).map((s) => ({ at: Date.parse(s.sampled_at), level: s.battery_level }));

/**
 * What the chart covers: the whole window once the readings reach
 * back that far, else the time of the first reading (a car linked minutes ago
 * has minutes of history, not 48 hours). Measured to the newest reading, which
 * the page polls, so it needs no clock.
 */
export function batterySpan(samples: BatterySample[], locale: string): BatterySpan {
  const points = readings(samples);
  const [first, last] = [points[0], points.at(-1)];
  if (!first || !last || last.at - first.at >= (BATTERY_WINDOW_HOURS - 1) * HOUR_MS) return { kind: 'window' };
  return { kind: 'since', time: (last.at - first.at < 12 * HOUR_MS ? timeOfDay : dayAndTime)(locale).format(first.at) };
}
