/**
 * The OCPP message log (ocpp_messages): every frame on a charge point's
 * socket, either way, for its owner to troubleshoot with. Frames are queued in
 * memory and written in batches every second (and at shutdown), so logging
 * never delays an answer; the queue is bounded, and under a flood the frames
 * beyond it are counted and dropped rather than held. A crash loses at most
 * the last second of log, nothing the charge point was promised.
 */
import { sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { preparedStatement } from '@/server/db/prepared';
import { ocppMessages } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { processState } from '@/server/runtime';
import { trimAfterInserts } from './event-retention';
import { parseFrame } from './message-frame';

export const MESSAGE_LOG_FLUSH_MS = 1_000;
/** Frames waiting for the database, over all charge points: beyond this they are dropped. */
const MAX_QUEUED = 5_000;
/** Rows per INSERT: a statement holds the embedded database only a few milliseconds. */
const ROWS_PER_INSERT = 100;
/** Calls awaiting their answer, per connection; more are not in flight in a well-behaved charge point. */
const MAX_OPEN_CALLS = 64;

type Row = typeof ocppMessages.$inferInsert;

interface LogQueue {
  rows: Row[];
  dropped: number;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}

const queue: LogQueue = processState<LogQueue>('ocppMessageLog', () => ({ rows: [], dropped: 0 }));

/**
 * A recorder for one connection: give it each frame as ocpp-rpc reports it.
 * It remembers the action of each open call so that its result or CALLERROR
 * (which do not name it) is logged under the same action.
 */
export function messageRecorder(chargePointId: string): (raw: string, outbound: boolean) => void {
  const openCalls = new Map<string, string>();
  return (raw, outbound) => {
    const frame = parseFrame(raw);
    let { action } = frame;
    if (frame.messageId !== null) {
      // Keyed by who asked: our call's id may repeat one of the charge point's.
      const callKey = `${frame.kind === 'call' ? outbound : !outbound}:${frame.messageId}`;
      if (frame.kind === 'call' && action !== null) {
        if (openCalls.size >= MAX_OPEN_CALLS) openCalls.delete(openCalls.keys().next().value as string);
        openCalls.set(callKey, action);
      } else if (frame.kind === 'result' || frame.kind === 'error') {
        action = openCalls.get(callKey) ?? null;
        openCalls.delete(callKey);
      }
    }
    enqueue({ chargePointId, direction: outbound ? 'out' : 'in', kind: frame.kind, messageId: frame.messageId, action, payload: frame.payload, at: now() });
  };
}

function enqueue(row: Row): void {
  if (queue.rows.length >= MAX_QUEUED) {
    queue.dropped += 1;
    return;
  }
  queue.rows.push(row);
  if (!queue.timer) {
    queue.timer = setTimeout(() => void flushMessageLog(), MESSAGE_LOG_FLUSH_MS);
    queue.timer.unref();
  }
}

/**
 * A batch in one statement whose text is built once: the rows go in as one
 * JSON parameter. (Drizzle built a 100-row insert's text and 700 parameters
 * for every batch: a few milliseconds of the event loop each, some 6 % of it
 * while a solar controller sent profiles to 2,000 charge points.)
 */
const insertFrames = preparedStatement<{ rows: string }>(
  () => sql`insert into ${ocppMessages} (charge_point_id, direction, kind, message_id, action, payload, at)
    select r.charge_point_id, r.direction, r.kind, r.message_id, r.action, r.payload, r.at
    from jsonb_to_recordset(${sql.placeholder('rows')}::jsonb)
      as r(charge_point_id uuid, direction text, kind text, message_id text, action text, payload jsonb, at timestamptz)`,
);

const framesJson = (rows: Row[]) =>
  JSON.stringify(
    rows.map((r) => ({ charge_point_id: r.chargePointId, direction: r.direction, kind: r.kind, message_id: r.messageId, action: r.action, payload: r.payload, at: r.at })),
  );

/** Writes the queued frames, then trims each charge point's log to the retention limits (also at shutdown). */
export async function flushMessageLog(): Promise<void> {
  clearTimeout(queue.timer);
  queue.timer = undefined;
  await queue.flushing;
  const rows = queue.rows.splice(0);
  const { dropped } = queue;
  queue.dropped = 0;
  if (dropped > 0) getLogger().warn({ dropped }, 'OCPP message log queue full: frames not logged');
  if (rows.length === 0) return;
  queue.flushing = (async () => {
    const perChargePoint = new Map<string, number>();
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      try {
        await insertFrames({ rows: framesJson(chunk) });
        for (const r of chunk) perChargePoint.set(r.chargePointId, (perChargePoint.get(r.chargePointId) ?? 0) + 1);
      } catch (error) {
        getLogger().error({ err: error, lost: chunk.length }, 'writing the OCPP message log failed');
      }
    }
    for (const [chargePointId, count] of perChargePoint) {
      await trimAfterInserts(chargePointId, 'log', count).catch((err: unknown) => getLogger().warn({ err }, 'trimming the OCPP message log failed'));
    }
  })();
  await queue.flushing;
}
