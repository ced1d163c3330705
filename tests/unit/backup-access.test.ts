import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuthContext } from '@/server/auth/current-user';
import { BACKUP_TOKEN_HEADER, accessFilePath, accessFileSchema, backupCaller, publishBackupAccess, withdrawBackupAccess } from '@/server/backup/access';
import { parseConfig } from '@/server/config';
import type { User } from '@/server/db/schema';
import { AppError } from '@/server/http/errors';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-backup-access-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const config = parseConfig({ DATA_DIR: dataDir, PORT: '3000' });

const as = (role: 'admin' | 'user', method: AuthContext['method'] = 'session', apiKeyScope?: AuthContext['apiKeyScope']): AuthContext => ({
  user: { id: `${role}-id`, role } as User,
  method,
  apiKeyScope,
});
const headers = (token?: string) => new Headers(token === undefined ? {} : { [BACKUP_TOKEN_HEADER]: token });
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { status: (error as AppError).status, code: (error as AppError).code };
  }
  throw new Error('not refused');
};

describe('backup access', () => {
  publishBackupAccess(config, 43210);
  const access = accessFileSchema.parse(JSON.parse(fs.readFileSync(accessFilePath(config), 'utf8')));

  it('writes a fresh token and the loopback address, readable by the owner only', () => {
    expect(access).toMatchObject({ url: 'http://127.0.0.1:43210', pid: process.pid });
    expect(access.token.length).toBeGreaterThanOrEqual(43);
    expect(fs.statSync(accessFilePath(config)).mode & 0o777).toBe(0o600);
  });

  it('admits administrators (sessions, full keys) and the token holder, nobody else', () => {
    expect(backupCaller(headers(), as('admin'))).toEqual({ via: 'admin', userId: 'admin-id' });
    expect(backupCaller(headers(), as('admin', 'api_key', 'full'))).toEqual({ via: 'admin', userId: 'admin-id' });
    expect(backupCaller(headers(access.token), undefined)).toEqual({ via: 'cli', userId: null });
    expect(refusal(() => backupCaller(headers(), as('admin', 'api_key', 'ha')))).toEqual({ status: 403, code: 'backup_forbidden' });
    expect(refusal(() => backupCaller(headers(), as('user')))).toEqual({ status: 403, code: 'backup_forbidden' });
    expect(refusal(() => backupCaller(headers(access.token.slice(0, -1) + 'x'), undefined))).toEqual({ status: 403, code: 'backup_forbidden' });
    expect(refusal(() => backupCaller(headers(), undefined))).toEqual({ status: 401, code: 'unauthorized' });
  });

  it('a new start makes the old token worthless; after shutdown no token works', () => {
    publishBackupAccess(config, 43210);
    expect(refusal(() => backupCaller(headers(access.token), undefined)).status).toBe(403);
    const renewed = accessFileSchema.parse(JSON.parse(fs.readFileSync(accessFilePath(config), 'utf8')));
    withdrawBackupAccess(config);
    expect(fs.existsSync(accessFilePath(config))).toBe(false);
    expect(refusal(() => backupCaller(headers(renewed.token), undefined)).status).toBe(403);
  });
});
