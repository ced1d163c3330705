/**
 * Backups of the embedded database: taken through the running server while
 * charge points keep sending (CLI and admin download), restored into the
 * stopped installation, scheduled with retention; with PostgreSQL the
 * commands point to pg_dump instead.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RPCClient } from 'ocpp-rpc';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, sessionCookie, signIn, signUp, type Account } from '../helpers/api';
import { bootedCharger, chargePointTransactions, registerChargePoint, type RegisteredChargePoint } from '../helpers/ocpp';
import { PROJECT_ROOT, startServer, usingPostgres, type TestServer } from '../helpers/server';

const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const ENERGY = 'Energy.Active.Import.Register';

function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [TSX_CLI, 'src/cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-backup-'));
const scheduledDir = path.join(scratch, 'scheduled');
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Every acknowledgement a charge point got, with when it got it. */
interface Ack {
  at: number;
  cp: RegisteredChargePoint;
  kind: 'start' | 'meter' | 'stop';
  transactionId: number;
  wh: number;
}

/**
 * A charge point charging session after session (OCPP 1.6: Start, three
 * MeterValues, Stop), recording each answer, until `running()` says stop.
 */
async function chargeInALoop(client: RPCClient, cp: RegisteredChargePoint, acks: Ack[], running: () => boolean) {
  let wh = 10_000;
  let second = 0;
  const at = () => new Date(Date.now() - 3_600_000 + 1000 * second++).toISOString();
  const ack = (kind: Ack['kind'], transactionId: number) => acks.push({ at: performance.now(), cp, kind, transactionId, wh });
  while (running()) {
    const { transactionId } = (await client.call('StartTransaction', { connectorId: 1, idTag: 'LOAD', meterStart: wh, timestamp: at() })) as { transactionId: number };
    ack('start', transactionId);
    for (let i = 0; i < 3; i++) {
      wh += 250;
      await client.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: at(), sampledValue: [{ value: String(wh), measurand: ENERGY, unit: 'Wh' }] }] });
      ack('meter', transactionId);
      await sleep(40);
    }
    wh += 100;
    await client.call('StopTransaction', { transactionId, meterStop: wh, timestamp: at() });
    ack('stop', transactionId);
  }
}

describe.runIf(!usingPostgres)('backups of the embedded database', () => {
  let server: TestServer;
  let admin: Account;
  let member: Account;

  beforeAll(async () => {
    server = await startServer();
    admin = await signUp(server);
    member = await signUp(server);
    expect(admin.user.role).toBe('admin');
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('admins download a backup, one at a time; nobody else may', { timeout: 60_000 }, async () => {
    expectError(await api(server, '/api/admin/backup'), 401, 'unauthorized');
    expectError(await api(server, '/api/admin/backup', { cookie: member.cookie }), 403, 'backup_forbidden');
    expectError(await api(server, '/api/admin/backup', { headers: { 'x-evconduit-backup-token': 'guessed-' + 'x'.repeat(40) } }), 403, 'backup_forbidden');

    // Headers come once the copy is taken; the archive streams while the body is read.
    const first = await fetch(`${server.url}/api/admin/backup`, { headers: { cookie: admin.cookie } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toMatch(/^attachment; filename="evconduit-backup-.+\.tar\.gz"$/);
    expectError(await api(server, '/api/admin/backup', { cookie: admin.cookie }), 409, 'backup_running');
    const file = path.join(scratch, 'download.tar.gz');
    fs.writeFileSync(file, Buffer.from(await first.arrayBuffer()));
    const entries: string[] = [];
    await tar.list({ file, strict: true, onReadEntry: (entry) => void entries.push(entry.path) });
    expect(entries).toEqual(expect.arrayContaining(['evconduit-backup.json', 'pglite/', 'pglite/PG_VERSION']));

    // Done: the next one may start, and no staging copy is left in the data folder.
    await expect.poll(() => fs.readdirSync(server.dataDir).filter((name) => name.startsWith('.backup-')), { timeout: 5000 }).toEqual([]);
    const second = await fetch(`${server.url}/api/admin/backup`, { headers: { cookie: admin.cookie } });
    expect(second.status).toBe(200);
    await second.arrayBuffer();

    // The admin page links to the same download; members do not get the page.
    const page = await fetch(`${server.url}/admin/backups`, { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('href="/api/admin/backup"');
    const memberPage = await fetch(`${server.url}/admin/backups`, { headers: { cookie: member.cookie } });
    expect(await memberPage.text()).not.toContain('href="/api/admin/backup"');
  });

  it('a backup taken by the CLI under OCPP load restores every acknowledged message', { timeout: 240_000 }, async () => {
    const cps = await Promise.all([0, 1, 2, 3].map((i) => registerChargePoint(server, admin.cookie, `load-${i}-${randomBytes(3).toString('hex')}`)));
    const clients = await Promise.all(cps.map((cp) => bootedCharger(server, cp, 'ocpp1.6')));
    const acks: Ack[] = [];
    let loading = true;
    const load = Promise.all(clients.map((client, i) => chargeInALoop(client, cps[i], acks, () => loading)));
    // Some sessions completed on every charge point before the backup starts; more run during it.
    await expect.poll(() => acks.filter((a) => a.kind === 'stop').length, { timeout: 60_000, interval: 200 }).toBeGreaterThanOrEqual(8);

    const file = path.join(scratch, 'under-load.tar.gz');
    const backupStarted = performance.now();
    const backup = await cli({ DATA_DIR: server.dataDir }, 'backup', file, '--json');
    const backupEnded = performance.now();
    loading = false;
    await load;
    await Promise.all(clients.map((client) => client.close({ force: true })));
    expect(backup.code, backup.stderr).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ file, via: 'server', bytes: fs.statSync(file).size });
    const before = acks.filter((a) => a.at < backupStarted);
    expect(before.filter((a) => a.kind === 'stop').length).toBeGreaterThanOrEqual(8);
    // The charge points were still being answered while the backup ran.
    expect(acks.some((a) => a.at > backupStarted && a.at < backupEnded)).toBe(true);

    // A running installation refuses a restore.
    const refused = await cli({ DATA_DIR: server.dataDir }, 'restore', file, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error.code).toBe('database_in_use');

    await server.stop('SIGTERM', { keepData: true });
    const restore = await cli({ DATA_DIR: server.dataDir }, 'restore', file, '--json');
    expect(restore.code, restore.stderr).toBe(0);
    const { previous } = JSON.parse(restore.stdout);
    expect(fs.existsSync(path.join(previous, 'PG_VERSION'))).toBe(true);
    server = await startServer({ dataFrom: server });
    const cookie = sessionCookie(await signIn(server, admin.email, admin.password));

    for (const cp of cps) {
      const mine = before.filter((a) => a.cp === cp);
      const restored = new Map((await chargePointTransactions(server, cookie, cp.id, 500)).map((t) => [t.transaction_id, t]));
      for (const transactionId of new Set(mine.map((a) => a.transactionId))) {
        const acked = mine.filter((a) => a.transactionId === transactionId);
        const transaction = restored.get(String(transactionId));
        expect(transaction, `transaction ${transactionId} of ${cp.identity}`).toBeDefined();
        const stop = acked.find((a) => a.kind === 'stop');
        if (stop) expect(transaction).toMatchObject({ meter_stop_wh: stop.wh, stopped_at: expect.any(String) });
        const meters = acked.filter((a) => a.kind === 'meter').map((a) => a.wh);
        if (meters.length === 0) continue;
        const detail = await api(server, `/api/charge-points/${cp.id}/transactions/${transaction!.id}`, { cookie });
        expect(detail.body.meter_values.map((m: { value: number }) => m.value)).toEqual(expect.arrayContaining(meters));
      }
    }
  });

  it('refuses a file that is not a backup, and leaves the database alone', { timeout: 60_000 }, async () => {
    const bogus = path.join(scratch, 'bogus.tar.gz');
    fs.writeFileSync(bogus, randomBytes(4096));
    await server.stop('SIGTERM', { keepData: true });
    const before = fs.readdirSync(path.join(server.dataDir, 'pglite')).sort();
    const result = await cli({ DATA_DIR: server.dataDir }, 'restore', bogus, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error.code).toBe('invalid_backup');
    expect(fs.readdirSync(path.join(server.dataDir, 'pglite')).sort()).toEqual(before);
    expect(fs.readdirSync(server.dataDir).filter((name) => name.startsWith('.restore-'))).toEqual([]);
    // Started again with a backup schedule (every job every 2.5 s) for the next test.
    server = await startServer({ dataFrom: server, env: { BACKUP_DIR: scheduledDir, BACKUP_KEEP: '2', JOB_INTERVAL_MS: '2500' } });
  });

  it('scheduled backups land in BACKUP_DIR, whole, and only the newest BACKUP_KEEP stay', { timeout: 120_000 }, async () => {
    const written = () => server.entries().filter((e) => e.msg === 'backup written').length;
    await expect.poll(written, { timeout: 90_000, interval: 500 }).toBeGreaterThanOrEqual(3);
    // A run under way meanwhile writes only its `.partial` file until it is complete.
    const files = fs.readdirSync(scheduledDir).filter((name) => !name.endsWith('.partial'));
    expect(files).toHaveLength(2);
    expect(files.every((name) => /^evconduit-backup-.+Z\.tar\.gz$/.test(name))).toBe(true);
    for (const name of files) await tar.list({ file: path.join(scheduledDir, name), strict: true });
  });
});

describe.runIf(usingPostgres)('backups with PostgreSQL', () => {
  it('the backup commands point to pg_dump', { timeout: 60_000 }, async () => {
    const result = await cli({ DATA_DIR: scratch, DATABASE_URL: process.env.TEST_DATABASE_URL! }, 'backup', path.join(scratch, 'x.tar.gz'), '--json');
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stderr);
    expect(error.code).toBe('backup_not_embedded');
    expect(error.message).toContain('pg_dump');
  });
});
