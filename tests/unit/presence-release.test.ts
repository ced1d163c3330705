/**
 * Sockets closing at once are released in a few statements (src/server/chargers/ocpp/presence.ts),
 * and each release still answers for itself: cleared only while the row is still that
 * connection's (this instance, the same connected_since), a handover marked as one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { chargePoints } from '@/server/db/schema';
import { releasePresence, releasesWritten } from '@/server/chargers/ocpp/presence';
import { runtime } from '@/server/runtime';
import { createIdentityAndProfile } from '@/server/users/users';

const BURST = 1500;
const since = new Date('2026-12-01T10:00:00.123Z');
let dataDir: string;
let handle: DatabaseHandle;
let ids: string[];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
  handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
  await migrate(handle);
  const ownerId = (await handle.db.transaction((tx) => createIdentityAndProfile(tx, { email: 'presence@example.com' }))).id;
  const rows = await handle.db
    .insert(chargePoints)
    .values(
      Array.from({ length: BURST + 2 }, (_, i) => ({
        ownerId,
        identity: `cp-${i}`,
        name: `cp-${i}`,
        status: 'online',
        connectedInstanceId: i === BURST + 1 ? 'another-instance' : runtime().instanceId,
        connectedSince: since,
        lastSeenAt: since,
      })),
    )
    .returning({ id: chargePoints.id });
  ids = rows.map((r) => r.id);
}, 180_000);

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('releases a burst of 1,500 closes, each answering for its own row only', async () => {
  const burst = ids.slice(0, BURST).map((id, i) => releasePresence(id, since, i === 0));
  // A stale close (an older connection of a charge point that has reconnected since) and another instance's socket.
  const stale = releasePresence(ids[BURST], new Date(since.getTime() - 1000));
  const elsewhere = releasePresence(ids[BURST + 1], since);
  expect(await Promise.all(burst)).toEqual(Array(BURST).fill(true));
  expect([await stale, await elsewhere]).toEqual([false, false]);
  // Released already: a second close of the same connection changes nothing.
  expect(await releasePresence(ids[1], since)).toBe(false);
  await releasesWritten();

  const rows = await handle.db.select().from(chargePoints).where(inArray(chargePoints.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids.slice(0, BURST)) expect(byId.get(id)).toMatchObject({ connectedInstanceId: null, connectedSince: null, status: 'offline' });
  expect(byId.get(ids[0])!.handedOverAt).not.toBeNull();
  expect(byId.get(ids[1])!.handedOverAt).toBeNull();
  expect(byId.get(ids[1])!.lastSeenAt!.getTime()).toBeGreaterThan(since.getTime());
  expect(byId.get(ids[BURST])).toMatchObject({ connectedInstanceId: runtime().instanceId, status: 'online' });
  expect(byId.get(ids[BURST + 1])).toMatchObject({ connectedInstanceId: 'another-instance', status: 'online' });
}, 60_000);
