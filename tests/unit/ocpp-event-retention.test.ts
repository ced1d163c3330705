/**
 * Retention of stored charge point messages on a real embedded database:
 * older than OCPP_EVENT_RETENTION_DAYS goes, and each charge point keeps at
 * most OCPP_EVENTS_PER_CHARGE_POINT, trimmed as it writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setClock } from '@/server/clock';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { chargePointEvents, chargePoints, ocppMessages } from '@/server/db/schema';
import { recordEvent } from '@/server/chargers/ocpp/events';
import { pruneChargePointEvents } from '@/server/chargers/ocpp/event-retention';
import { flushMessageLog, messageRecorder } from '@/server/chargers/ocpp/message-log';

const NOW = Date.parse('2031-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000);
let handle: DatabaseHandle;
let dataDir: string;
let restoreClock: () => void;

beforeAll(async () => {
  vi.stubEnv('OCPP_EVENT_RETENTION_DAYS', '30');
  vi.stubEnv('OCPP_EVENTS_PER_CHARGE_POINT', '150');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-event-retention-'));
  handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
  await migrate(handle);
  restoreClock = setClock(() => new Date(NOW));
});
afterAll(async () => {
  restoreClock?.();
  vi.unstubAllEnvs();
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function chargePoint(identity: string) {
  const [cp] = await handle.db.insert(chargePoints).values({ identity, name: identity }).returning();
  return cp.id;
}

const events = (chargePointId: string) =>
  handle.db.select().from(chargePointEvents).where(eq(chargePointEvents.chargePointId, chargePointId));

describe('charge point message retention', () => {
  it('caps the messages each charge point keeps as it writes, newest kept, others untouched', async () => {
    const noisy = await chargePoint('noisy');
    const quiet = await chargePoint('quiet');
    await recordEvent(quiet, 'DataTransfer', { vendorId: 'q' });
    for (let i = 0; i < 400; i++) await recordEvent(noisy, 'DataTransfer', { vendorId: 'n', data: String(i) });
    const kept = await events(noisy);
    // Trimmed every 100 writes: never more than the cap plus those since the last trim.
    expect(kept.length).toBeGreaterThanOrEqual(150);
    expect(kept.length).toBeLessThan(250);
    expect(kept.some((e) => (e.payload as { data: string }).data === '399')).toBe(true);
    expect(kept.some((e) => (e.payload as { data: string }).data === '0')).toBe(false);
    expect(await events(quiet)).toHaveLength(1);
  });

  it('deletes messages older than the retention and applies the cap to every charge point', async () => {
    const old = await chargePoint('old');
    await handle.db.insert(chargePointEvents).values([
      ...Array.from({ length: 3 }, () => ({ chargePointId: old, action: 'NotifyEvent', payload: {}, receivedAt: daysAgo(40) })),
      ...Array.from({ length: 200 }, (_, i) => ({ chargePointId: old, action: 'NotifyEvent', payload: { i }, receivedAt: daysAgo(i / 100) })),
    ]);
    await pruneChargePointEvents();
    const kept = await events(old);
    expect(kept).toHaveLength(150);
    expect(Math.max(...kept.map((e) => (e.payload as { i: number }).i))).toBe(149); // the newest 150
    expect((await events(old)).every((e) => e.receivedAt > daysAgo(30))).toBe(true);
  });

  it('keeps the OCPP message log within the same limits: trimmed as it writes, by age in the periodic job', async () => {
    const chatty = await chargePoint('chatty');
    const log = messageRecorder(chatty);
    for (let i = 0; i < 400; i++) {
      log(JSON.stringify([2, `m${i}`, 'Heartbeat', {}]), false);
      log(JSON.stringify([3, `m${i}`, { currentTime: 'x' }]), true);
      if (i % 50 === 49) await flushMessageLog();
    }
    await flushMessageLog();
    const logged = () => handle.db.select().from(ocppMessages).where(eq(ocppMessages.chargePointId, chatty));
    const kept = await logged();
    expect(kept.length).toBeGreaterThanOrEqual(150);
    expect(kept.length).toBeLessThan(250);
    expect(kept.some((m) => m.messageId === 'm399' && m.direction === 'out' && m.action === 'Heartbeat')).toBe(true);
    expect(kept.some((m) => m.messageId === 'm0')).toBe(false);

    await handle.db.insert(ocppMessages).values({ chargePointId: chatty, direction: 'in', kind: 'call', action: 'Heartbeat', payload: {}, at: daysAgo(40) });
    await pruneChargePointEvents();
    const pruned = await logged();
    // The newest 150 by insertion, less the one too old (inserted last).
    expect(pruned).toHaveLength(149);
    expect(pruned.every((m) => m.at > daysAgo(30))).toBe(true);
  });
});
