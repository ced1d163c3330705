/** The server as a process: its lock, bad configuration, shutdown and restart. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, signIn, signUp } from '../helpers/api';
import { RawCharger, registerChargePoint } from '../helpers/ocpp';
import { ServerExitedError, startServer, usingPostgres } from '../helpers/server';

const SLOW = 120_000; // these start several servers each

async function startFailure(start: Promise<unknown>): Promise<ServerExitedError> {
  const error = await start.then(
    () => {
      throw new Error('the server started, but it should have refused to');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServerExitedError);
  return error as ServerExitedError;
}

const nonEmptyLines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
const lockFileOf = (dataDir: string) => path.join(dataDir, 'pglite.lock');

describe.skipIf(usingPostgres)('the data folder lock (PGlite only: PostgreSQL has no folder to lock)', () => {
  it(
    'makes a second server on the same DATA_DIR exit non-zero, naming the lock, while the first keeps serving',
    async () => {
      const first = await startServer();
      try {
        const failure = await startFailure(startServer({ dataFrom: first }));
        expect(failure.exitCode).not.toBe(0);
        expect(failure.stderr).toContain(lockFileOf(first.dataDir));
        expect(failure.stderr).toContain(`pid ${first.pid}`);

        expect(JSON.parse(fs.readFileSync(lockFileOf(first.dataDir), 'utf8')).pid).toBe(first.pid);
        expect((await api(first, '/api/ready')).status).toBe(200);
        const account = await signUp(first);
        expect((await signIn(first, account.email, account.password)).status).toBe(200);
      } finally {
        await first.stop();
      }
    },
    SLOW,
  );
});

describe('bad configuration', () => {
  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'chatty'],
  ])('%s=%s: exits 1 with one line naming the setting', async (setting, value) => {
    const failure = await startFailure(startServer({ env: { [setting]: value } }));
    expect(failure.exitCode).toBe(1);
    const lines = nonEmptyLines(failure.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${setting} `));
    expect(failure.stdout.trim()).toBe('');
  });
});

describe('shutdown and restart', () => {
  it(
    'SIGTERM: exits 0 within seconds, releases the lock, and a restart on the same data keeps the accounts',
    async () => {
      const server = await startServer();
      const account = await signUp(server);

      const started = performance.now();
      const code = await server.stop('SIGTERM', { keepData: true });
      expect(code).toBe(0);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(server.entries().at(-1)?.msg).toBe('stopped');
      expect(fs.existsSync(lockFileOf(server.dataDir))).toBe(false);

      const restarted = await startServer({ dataFrom: server });
      try {
        expect((await api(restarted, '/api/ready')).body.pending_migrations).toEqual([]);
        expect(restarted.entries().some((e) => e.msg === 'migrations applied')).toBe(false);
        const signedIn = await signIn(restarted, account.email, account.password);
        expect(signedIn.status).toBe(200);
        expect(signedIn.body.user.role).toBe('admin');
      } finally {
        await restarted.stop();
      }
    },
    SLOW,
  );

  it(
    'SIGTERM with a charge point connected: the socket is closed with 1001 and the process still exits 0',
    async () => {
      const server = await startServer();
      try {
        const owner = await signUp(server);
        const cp = await registerChargePoint(server, owner.cookie, `shutdown-${Date.now()}`);
        const charger = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');

        const started = performance.now();
        expect(await server.stop('SIGTERM', { keepData: true })).toBe(0);
        expect(performance.now() - started).toBeLessThan(5000);
        expect((await charger.closed).code).toBe(1001);
      } finally {
        await server.stop();
      }
    },
    SLOW,
  );

  it(
    'after a crash (SIGKILL) a restart takes over the stale lock and the data is intact',
    async () => {
      const server = await startServer();
      const account = await signUp(server);
      await server.kill({ keepData: true });
      if (!usingPostgres) expect(fs.existsSync(lockFileOf(server.dataDir))).toBe(true);

      const restarted = await startServer({ dataFrom: server });
      try {
        expect((await signIn(restarted, account.email, account.password)).status).toBe(200);
        if (!usingPostgres) {
          expect(JSON.parse(fs.readFileSync(lockFileOf(server.dataDir), 'utf8')).pid).toBe(restarted.pid);
        }
      } finally {
        await restarted.stop();
      }
    },
    SLOW,
  );
});
