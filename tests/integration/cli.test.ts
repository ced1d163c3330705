/**
 * The operator CLI (`npm run cli`), run as a child process on its own data
 * folder (or PostgreSQL database), then a real server on the same data.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, DEFAULT_PASSWORD, uniqueEmail } from '../helpers/api';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { PROJECT_ROOT, startServer, usingPostgres, type TestServer } from '../helpers/server';

const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let database: TestDatabase | undefined;
let server: TestServer | undefined;

/** Where the CLI and the server keep their data: one folder, or one PostgreSQL database. */
const dataEnv = (): Record<string, string> => ({
  DATA_DIR: dataDir,
  ...(database ? { DATABASE_URL: database.url } : {}),
});

function cli(...args: string[]): Promise<CliResult> {
  // Only what the CLI needs: a developer's own settings must not leak in.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...dataEnv() };
  const child = spawn(process.execPath, [TSX_CLI, 'src/cli/main.ts', ...args], { cwd: PROJECT_ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command with --json; it must succeed and print exactly one JSON object. */
async function cliJson(...args: string[]) {
  const result = await cli(...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-cli-'));
  if (usingPostgres) database = await createTestDatabase(process.env.TEST_DATABASE_URL!);
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
});

describe('operator CLI', () => {
  const email = uniqueEmail('operator');
  let apiKey: string;
  let chargePointIdentity: string;

  it('creates an account, an API key and a charge point; status counts them', async () => {
    const created = await cliJson('user:create', '--email', email, '--password', DEFAULT_PASSWORD, '--name', 'Operator');
    expect(created.user).toMatchObject({ email, name: 'Operator', role: 'admin', email_verified: true });

    const key = await cliJson('key:create', '--email', email, '--name', 'Scripts', '--scope', 'full');
    expect(key).toMatchObject({ name: 'Scripts', scope: 'full', key: expect.stringMatching(/^evc_/) });
    apiKey = key.key;

    const registered = await cliJson('chargepoint:register', '--email', email, '--identity', 'cli-cp-1', '--name', 'Garage');
    expect(registered).toMatchObject({
      identity: 'cli-cp-1',
      ocpp_url: expect.stringMatching(/^ws:\/\/.+\/ocpp\/cli-cp-1$/),
      password: expect.any(String),
    });
    chargePointIdentity = registered.identity;

    const status = await cliJson('status');
    expect(status).toMatchObject({
      database: { driver: usingPostgres ? 'postgres' : 'pglite' },
      migrations: { pending: [] },
      counts: { users: 1, api_keys: 1, charge_points: 1 },
    });
    expect(status.migrations.applied).toBeGreaterThan(0);
  }, 90_000);

  it('prints friendly text without --json', async () => {
    const result = await cli('user:admin', '--email', email);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${email} already is an administrator`);
  }, 90_000);

  it('refuses a weak password for a new account and for a password change, saying why', async () => {
    const created = await cli('user:create', '--email', uniqueEmail('weak'), '--password', 'password123', '--json');
    expect(created.code).toBe(1);
    expect(JSON.parse(created.stderr).error).toMatchObject({
      code: 'weak_password',
      message: expect.stringMatching(/^This password is too easy to guess\. This is a commonly used password\./),
    });
    const changed = await cli('user:password', '--email', email, '--password', 'aaaaaaaaaa');
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/^error: This password is too easy to guess\./);
  }, 90_000);

  it('leaves data a server can use: the key, the password and the charge point', async () => {
    server = await startServer({ env: dataEnv() });

    const me = await api(server, '/api/me', { key: apiKey });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body).toMatchObject({ email, role: 'admin', email_verified: true });

    const signIn = await api(server, '/api/auth/signin', { method: 'POST', body: { email, password: DEFAULT_PASSWORD } });
    expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);

    const chargePoints = await api(server, '/api/charge-points', { key: apiKey });
    expect(chargePoints.body.charge_points.map((cp: { identity: string }) => cp.identity)).toEqual([chargePointIdentity]);
  }, 90_000);

  it.skipIf(usingPostgres)('refuses politely while the server holds the embedded database', async () => {
    expect(server).toBeDefined();
    const result = await cli('status');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`The server (pid ${server!.pid}) is using the embedded database`);
    expect(result.stderr).toContain('DATABASE_URL');

    const asJson = await cli('status', '--json');
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stderr).error).toMatchObject({ code: 'database_in_use' });
  }, 90_000);

  it.runIf(usingPostgres)('works next to a running server on PostgreSQL', async () => {
    expect(server).toBeDefined();
    const status = await cliJson('status');
    expect(status.counts).toMatchObject({ users: 1 });
  }, 90_000);
});

describe('operator CLI command line', () => {
  it('answers unknown flags, unknown commands and missing flags with exit code 2 and the usage', async () => {
    const unknownFlag = await cli('user:create', '--email', 'a@example.com', '--bogus');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("Unknown option '--bogus'");
    expect(unknownFlag.stderr).toContain('Usage: npm run cli -- user:create --email <address>');

    const unknownCommand = await cli('frobnicate');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command "frobnicate"');
    expect(unknownCommand.stderr).toContain('user:create');

    const missing = await cli('key:create', '--email', 'a@example.com', '--json');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: 'usage', message: 'missing --name' });
  }, 90_000);

  it('rejects invalid values with the API rules, in one line, exit code 1', async () => {
    const shortPassword = await cli('user:create', '--email', 'a@example.com', '--password', 'short');
    expect(shortPassword.code).toBe(1);
    expect(shortPassword.stderr).toBe('error: --password: Use at least 10 characters\n');
    const badScope = await cli('key:create', '--email', 'a@example.com', '--name', 'x', '--scope', 'admin');
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toMatch(/^error: --scope: /);

    const badIdentity = await cli('chargepoint:register', '--email', 'a@example.com', '--identity', 'a/b', '--name', 'X', '--json');
    expect(badIdentity.code).toBe(1);
    expect(JSON.parse(badIdentity.stderr).error).toMatchObject({ code: 'validation_failed' });
    expect(JSON.parse(badIdentity.stderr).error.message).toMatch(/^--identity: /);
  }, 90_000);

  it('prints help, as text and as JSON', async () => {
    const help = await cli('help');
    expect(help.code).toBe(0);
    const commands = ['user:create', 'user:admin', 'user:password', 'key:create', 'chargepoint:register', 'status', 'db:migrate', 'jobs', 'backup', 'restore'];
    for (const command of commands) {
      expect(help.stdout).toContain(command);
    }
    const json = await cliJson('help');
    expect(json.commands).toHaveLength(commands.length);
    expect(json.commands).toContain('Usage: npm run cli -- backup <file> [--json]');
    const missingFile = await cli('restore', '--json');
    expect(missingFile.code).toBe(2);
    expect(JSON.parse(missingFile.stderr).error).toMatchObject({ code: 'usage', message: 'missing <file>' });
  }, 90_000);
});
