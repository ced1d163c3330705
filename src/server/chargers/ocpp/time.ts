import { now } from '@/server/clock';
import { getLogger } from '@/server/observability/logger';

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Earlier than this a charge point's clock was never set (OCPP-J 1.6 dates from 2015; unset clocks say 1970 or 2000). */
export const EARLIEST_CHARGE_POINT_TIME = new Date('2015-01-01T00:00:00Z');
/** How far a charge point's clock may run ahead of ours: a local time sent as UTC is at most 14 h off. */
export const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

/**
 * A charge point's timestamp as it claims it: chargers send timestamps without
 * a zone or with odd offsets, and a missing zone is read as UTC, not
 * server-local time. Null when absent or unreadable.
 */
export function claimedTime(value: unknown): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const parsed = new Date(HAS_ZONE.test(text) ? text : `${text}Z`);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/**
 * The times of one message. OCPP leaves the charge point's clock to the
 * charge point (we only send ours in BootNotification and Heartbeat), so a
 * queued message may carry an old time, and we keep it. A time before
 * EARLIEST_CHARGE_POINT_TIME or more than MAX_CLOCK_AHEAD_MS ahead of ours is
 * a clock that is wrong, not an outage: it becomes the time we received the
 * message (as an absent or unreadable one does), and `replaced` keeps the
 * claims for the log. Spans of decades never reach pricing or the export.
 */
export function messageClock() {
  const received = now();
  const replaced: string[] = [];
  return {
    received,
    replaced,
    time(value: unknown): Date {
      const claimed = claimedTime(value);
      if (!claimed) return received;
      if (claimed < EARLIEST_CHARGE_POINT_TIME || claimed.getTime() > received.getTime() + MAX_CLOCK_AHEAD_MS) {
        replaced.push(claimed.toISOString());
        return received;
      }
      return claimed;
    },
  };
}

export type MessageClock = ReturnType<typeof messageClock>;

/** One timestamp, under the same rules as `messageClock`. */
export const ocppTime = (value: unknown): Date => messageClock().time(value);

/** Logs, once per message, the times a charge point's clock got wrong (so its owner can fix the clock). */
export function logReplacedTimes(chargePointId: string, action: string, clock: MessageClock): void {
  if (clock.replaced.length === 0) return;
  getLogger().warn(
    { chargePointId, action, claimed: clock.replaced.slice(0, 3), count: clock.replaced.length, received: clock.received.toISOString() },
    'charge point time outside the accepted window: the receive time is used',
  );
}
