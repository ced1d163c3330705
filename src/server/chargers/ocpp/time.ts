import { now } from '@/server/clock';

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A charge point's timestamp as a Date. Chargers send timestamps without a
 * zone or with odd offsets: a missing zone is read as UTC, not server-local
 * time; an absent or unreadable one falls back to the app clock.
 */
export function ocppTime(value: unknown): Date {
  if (typeof value !== 'string' || value.trim() === '') return now();
  const text = value.trim();
  const parsed = new Date(HAS_ZONE.test(text) ? text : `${text}Z`);
  return Number.isNaN(parsed.getTime()) ? now() : parsed;
}
