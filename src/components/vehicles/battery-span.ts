/** The hours of battery samples the vehicle page shows. */
export const BATTERY_WINDOW_HOURS = 48;
const HOUR_MS = 3_600_000;

export const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY_AND_TIME = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

export interface BatterySample {
  sampled_at: string;
  battery_level: number | null;
}

export const readings = (samples: BatterySample[]) =>
  samples.filter((s) => s.battery_level != null).map((s) => ({ at: Date.parse(s.sampled_at), level: s.battery_level }));

/**
 * What the chart covers, in words: the whole window once the readings reach
 * back that far, else the time of the first reading (a car linked minutes ago
 * has minutes of history, not 48 hours). Measured to the newest reading, which
 * the page polls, so it needs no clock.
 */
export function batterySpan(samples: BatterySample[]): string {
  const points = readings(samples);
  const [first, last] = [points[0], points.at(-1)];
  if (!first || !last || last.at - first.at >= (BATTERY_WINDOW_HOURS - 1) * HOUR_MS) return `last ${BATTERY_WINDOW_HOURS} hours`;
  return `since ${(last.at - first.at < 12 * HOUR_MS ? TIME : DAY_AND_TIME).format(first.at)}`;
}
