import { z } from 'zod';

/**
 * A site's local time: its IANA time zone, through the runtime's ICU data
 * (Intl). Tariff blocks, the 15-minute CSV's local column, invoices' months
 * and the UI all go through these functions, so a "night rate from 22:00"
 * stays at 22:00 local across daylight-saving changes. A charge point without
 * a site uses UTC.
 */

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/** A name the runtime knows: one of `Intl.supportedValuesOf('timeZone')`, UTC, or an alias ICU accepts (Asia/Kolkata). */
export function isTimeZone(name: string): boolean {
  if (name === 'UTC' || ZONES.has(name)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string({ error: 'Choose a time zone, such as Europe/Zurich' })
  .trim()
  .max(64, 'Choose a time zone, such as Europe/Zurich')
  .refine(isTimeZone, 'Not a time zone this server knows: choose one such as Europe/Zurich or UTC');

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock fields at an instant in the zone. */
export function localParts(t: number, timeZone: string): LocalParts {
  if (timeZone === 'UTC') {
    const d = new Date(t);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
  }
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

const SECOND = 1000;

const HOUR_MS = 3_600_000;
/** Per zone: the offset of whole hours known to have one offset throughout (most lookups of a month's intervals hit). */
const hourOffsets = new Map<string, Map<number, number>>();
const HOUR_CACHE_MAX = 50_000;

/** The zone's offset from UTC at an instant, in ms (local = UTC + offset). Whole seconds, like every zone since 1972. */
export function offsetMs(t: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const hour = Math.floor(t / HOUR_MS);
  let cache = hourOffsets.get(timeZone);
  const hit = cache?.get(hour);
  if (hit !== undefined) return hit;
  const off = rawOffsetMs(t, timeZone);
  // An hour with one offset at its first and last second has it throughout (offsets change at most once an hour).
  if (Number.isFinite(hour) && rawOffsetMs(hour * HOUR_MS, timeZone) === off && rawOffsetMs(hour * HOUR_MS + HOUR_MS - 1000, timeZone) === off) {
    if (!cache || cache.size >= HOUR_CACHE_MAX) hourOffsets.set(timeZone, (cache = new Map()));
    cache.set(hour, off);
  }
  return off;
}

function rawOffsetMs(t: number, timeZone: string): number {
  const whole = Math.floor(t / SECOND) * SECOND;
  const p = localParts(whole, timeZone);
  const off = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
  // Far outside the calendar ICU formats (a hostile timestamp): no offset rather than NaN.
  return Number.isFinite(off) ? off : 0;
}

/**
 * The instant of a local wall-clock time. A time that occurs twice (the
 * repeated hour in autumn) is its first occurrence; a time that does not occur
 * (the skipped hour in spring) is read with the offset before the gap, so it
 * lands after the gap (02:30 → 03:30 summer time).
 */
export function zonedInstant(timeZone: string, year: number, month: number, day = 1, hour = 0, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (timeZone === 'UTC') return wall;
  // Try the offsets a day either side: one of them gives back the wall time.
  const before = offsetMs(wall - 86_400_000, timeZone);
  const after = offsetMs(wall + 86_400_000, timeZone);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  for (const t of candidates) if (t + offsetMs(t, timeZone) === wall) return t;
  return wall - before;
}

/** The local calendar month `YYYY-MM` as UTC instants [from, to). */
export function localMonthRange(month: string, timeZone: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number);
  return { from: new Date(zonedInstant(timeZone, year, m)), to: new Date(zonedInstant(timeZone, year, m + 1)) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 local time with its offset, e.g. 2026-03-29T03:00:00+02:00 (unambiguous on a 25-hour day). */
export function formatLocal(t: number, timeZone: string): string {
  const p = localParts(t, timeZone);
  const off = Math.round(offsetMs(t, timeZone) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The local month `YYYY-MM` an instant falls in. */
export function localMonth(t: number, timeZone: string): string {
  const p = localParts(t, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}`;
}
