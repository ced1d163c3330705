/**
 * A mass outage is opened in transactions of at most 500 incidents (on PGlite
 * one transaction holds the database thread for everyone), and one scan still
 * opens every incident, once, with its alert queued beside it. A charge
 * point's own change (the event-driven run for named charge points) opens a
 * fault at once but leaves outages to the scan.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { chargePoints, connectors, notificationDeliveries, notificationIncidents, notificationPreferences } from '@/server/db/schema';
import { reconcileIncidents } from '@/server/notifications/incidents';
import { createIdentityAndProfile } from '@/server/users/users';

const OUTAGE = 1234;
let dataDir: string;
let handle: DatabaseHandle;
let ids: string[];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
  handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
  await migrate(handle);
  const ownerId = (await handle.db.transaction((tx) => createIdentityAndProfile(tx, { email: 'outage@example.com' }))).id;
  await handle.db.insert(notificationPreferences).values({ userId: ownerId, choices: { charge_point_offline: { email: true } } });
  const lastSeenAt = new Date(Date.now() - 3_600_000);
  ids = (
    await handle.db
      .insert(chargePoints)
      .values(Array.from({ length: OUTAGE }, (_, i) => ({ ownerId, identity: `gone-${i}`, name: `gone-${i}`, lastSeenAt })))
      .returning({ id: chargePoints.id })
  ).map((row) => row.id);
}, 180_000);

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const openOffline = async () =>
  (await handle.db.select({ n: count() }).from(notificationIncidents).where(and(eq(notificationIncidents.kind, 'offline'), isNull(notificationIncidents.closedAt))))[0].n;
const queuedOffline = async () =>
  (await handle.db.select({ n: count() }).from(notificationDeliveries).where(eq(notificationDeliveries.kind, 'charge_point_offline')))[0].n;

const openIncidents = async (kind: 'offline' | 'faulted') =>
  (await handle.db.select({ n: count() }).from(notificationIncidents).where(and(eq(notificationIncidents.kind, kind), isNull(notificationIncidents.closedAt))))[0].n;

it('a run for named charge points opens their faults at once and leaves their outages to the scan', async () => {
  // One of them heard from just now, with a faulted connector; the others silent for an hour.
  const lastSeenAt = (await handle.db.select({ at: chargePoints.lastSeenAt }).from(chargePoints).where(eq(chargePoints.id, ids[7])))[0].at;
  await handle.db.update(chargePoints).set({ lastSeenAt: new Date() }).where(eq(chargePoints.id, ids[7]));
  await handle.db.insert(connectors).values({ chargePointId: ids[7], evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' });
  await reconcileIncidents(ids);
  expect(await openIncidents('faulted')).toBe(1);
  expect(await openIncidents('offline')).toBe(0);
  await handle.db.delete(connectors);
  await reconcileIncidents([ids[7]]);
  expect(await openIncidents('faulted')).toBe(0);
  await handle.db.update(chargePoints).set({ lastSeenAt }).where(eq(chargePoints.id, ids[7]));
}, 60_000);

it('one scan opens all 1,234 outages over several transactions, and a second scan opens none', async () => {
  await reconcileIncidents();
  expect(await openOffline()).toBe(OUTAGE);
  expect(await queuedOffline()).toBe(OUTAGE);
  await reconcileIncidents();
  expect(await openOffline()).toBe(OUTAGE);
  expect(await queuedOffline()).toBe(OUTAGE);
}, 60_000);
