/**
 * A month of a site's sessions is read in pages: ids found 5,000 at a time
 * (ordered by start, then id), rows read 100 at a time by id. Across both
 * page sizes every session of the site's month is visited once, in order,
 * with sessions sharing a start time split across pages, and none of
 * another site or outside the month.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { localMonthRange } from '@/server/chargers/local-time';
import { closeDatabase, openDatabase, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { chargePoints, sites } from '@/server/db/schema';
import { forEachPricedSession } from '@/server/invoices/month-usage';
import { createIdentityAndProfile } from '@/server/users/users';

/** More than one page of ids (5,000) and not a whole number of row pages (100). */
const SESSIONS = 5_250;
const TIME_ZONE = 'Europe/Zurich';
let dataDir: string;
let handle: DatabaseHandle;
let siteId: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
  handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
  await migrate(handle);
  const ownerId = (await handle.db.transaction((tx) => createIdentityAndProfile(tx, { email: 'pages@example.com' }))).id;
  const [site, other] = await handle.db
    .insert(sites)
    .values([
      { ownerId, name: 'Paged', timeZone: TIME_ZONE },
      { ownerId, name: 'Other', timeZone: TIME_ZONE },
    ])
    .returning({ id: sites.id });
  siteId = site.id;
  const [here, there] = await handle.db
    .insert(chargePoints)
    .values([
      { ownerId, siteId: site.id, identity: 'paged-1', name: 'paged-1' },
      { ownerId, siteId: other.id, identity: 'other-1', name: 'other-1' },
    ])
    .returning({ id: chargePoints.id });
  // Three sessions per start time, so ties on started_at fall on both sides of page boundaries.
  const session = (chargePointId: string, from: string, n: number, prefix: string) => sql`
    insert into transactions (charge_point_id, evse_id, connector_id, ocpp_transaction_id, id_tag, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh)
    select ${chargePointId}, 1, 1, ${prefix} || s.n, 'TAG', ${from}::timestamptz + (s.n / 3) * interval '7 minutes',
      ${from}::timestamptz + (s.n / 3) * interval '7 minutes' + interval '5 minutes', 0, 1000, 1000
    from generate_series(0, ${n - 1}) s(n)`;
  await handle.db.execute(session(here.id, '2026-10-31T23:00:00Z', SESSIONS, 'in-'));
  await handle.db.execute(session(there.id, '2026-10-31T23:00:00Z', 30, 'other-site-'));
  await handle.db.execute(session(here.id, '2026-12-01T00:00:00Z', 30, 'next-month-'));
}, 180_000);

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("visits every session of the site's month once, in order of start and id, across pages of ids and of rows", async () => {
  const seen: { id: string; startedAt: number }[] = [];
  await forEachPricedSession({ id: siteId, timeZone: TIME_ZONE }, localMonthRange('2026-11', TIME_ZONE), (s) => {
    seen.push({ id: s.transactionId, startedAt: s.startedAt.getTime() });
    expect(s.energy.wh).toBe(1000);
  });
  expect(seen).toHaveLength(SESSIONS);
  expect(new Set(seen.map((s) => s.id)).size).toBe(SESSIONS);
  const ordered = [...seen].sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  expect(seen).toEqual(ordered);
}, 120_000);
