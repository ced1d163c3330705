/**
 * Sample retention on a real embedded database: expired samples go, sessions
 * stay, and so do the samples an open session or the next sample needs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '@/server/clock';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, resultRows, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { users, vehicleChargingSessions, vehicleSamples, vehicles } from '@/server/db/schema';
import { setSetting } from '@/server/settings/store';
import { pruneVehicleSamples, RETENTION_SETTING } from '@/server/vehicles/retention';

const NOW = Date.parse('2031-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000);
let handle: DatabaseHandle;
let dataDir: string;
let restoreClock: () => void;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-retention-'));
  handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
  await migrate(handle);
  restoreClock = setClock(() => new Date(NOW));
});
afterAll(async () => {
  restoreClock?.();
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function vehicleWith(sampleDays: number[]) {
  const { db } = handle;
  const email = `r-${Math.random().toString(36).slice(2)}@example.com`;
  const [{ id: userId }] = resultRows<{ id: string }>(await db.execute(sql`insert into auth.users (email) values (${email}) returning id`));
  await db.insert(users).values({ id: userId, email });
  const [vehicle] = await db.insert(vehicles).values({ userId, enodeVehicleId: `ev-${email}` }).returning();
  await db.insert(vehicleSamples).values(sampleDays.map((d) => ({ vehicleId: vehicle.id, sampledAt: daysAgo(d), batteryLevel: 50 })));
  return { userId, vehicleId: vehicle.id };
}

const sampleDays = async (vehicleId: string) =>
  (await handle.db.select().from(vehicleSamples).where(eq(vehicleSamples.vehicleId, vehicleId)).orderBy(asc(vehicleSamples.sampledAt))).map(
    (s) => Math.round((NOW - s.sampledAt.getTime()) / 86_400_000),
  );

describe('vehicle sample retention', () => {
  it('deletes samples older than the retention, keeping sessions, open sessions\' samples and the newest sample', async () => {
    const driven = await vehicleWith([200, 100, 10, 0]);
    await handle.db.insert(vehicleChargingSessions).values({ ...driven, startTime: daysAgo(100), endTime: daysAgo(100), energyAddedKwh: 10 });
    const parked = await vehicleWith([200]);
    const charging = await vehicleWith([130, 120, 110, 1]);
    await handle.db.insert(vehicleChargingSessions).values({ ...charging, startTime: daysAgo(120), endTime: null });

    expect(await pruneVehicleSamples()).toBe(3); // default 90 days
    expect(await sampleDays(driven.vehicleId)).toEqual([10, 0]);
    expect(await sampleDays(parked.vehicleId)).toEqual([200]);
    expect(await sampleDays(charging.vehicleId)).toEqual([120, 110, 1]);
    const sessions = await handle.db.select().from(vehicleChargingSessions).where(eq(vehicleChargingSessions.vehicleId, driven.vehicleId));
    expect(sessions).toEqual([expect.objectContaining({ energyAddedKwh: 10 })]);

    await setSetting(RETENTION_SETTING, 5);
    expect(await pruneVehicleSamples()).toBe(1);
    expect(await sampleDays(driven.vehicleId)).toEqual([0]);
  });
});
