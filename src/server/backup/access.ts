import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AppConfig } from '@/server/config';
import type { AuthContext } from '@/server/auth/current-user';
import { forbidden, unauthorized } from '@/server/http/errors';
import { processState } from '@/server/runtime';

/**
 * How `npm run cli -- backup` reaches the running server, which alone may
 * open the embedded database: at start-up the server writes a random token
 * and its local address into the data folder, readable by its owner only
 * (0600). Whoever can read that file can read the database files anyway, so
 * the token grants nothing more than file access already does. The token
 * changes with every start and the file goes at shutdown.
 */
export const BACKUP_TOKEN_HEADER = 'x-evconduit-backup-token';

const ACCESS_FILE = 'backup-access.json';

export const accessFileSchema = z.object({ url: z.url(), token: z.string().min(32), pid: z.number().int() });
export type BackupAccess = z.infer<typeof accessFileSchema>;

const state = processState<{ token?: string }>('backup-access', () => ({}));

export const accessFilePath = (config: AppConfig) => path.join(config.dataDir, ACCESS_FILE);

/** The address a process on this machine uses: the listening address, or loopback when it listens on all. */
function localUrl(config: AppConfig, port: number): string {
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  return `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** server.ts, once listening (embedded database only): a new token, written atomically with mode 0600. */
export function publishBackupAccess(config: AppConfig, port: number): void {
  const token = randomBytes(32).toString('base64url');
  const file = accessFilePath(config);
  const temporary = `${file}.${process.pid}`;
  const access: BackupAccess = { url: localUrl(config, port), token, pid: process.pid };
  fs.writeFileSync(temporary, JSON.stringify(access) + '\n', { mode: 0o600 });
  fs.renameSync(temporary, file);
  state.token = token;
}

/** server.ts, at shutdown: the file only ever names a running server. */
export function withdrawBackupAccess(config: AppConfig): void {
  if (!state.token) return;
  state.token = undefined;
  fs.rmSync(accessFilePath(config), { force: true });
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function isBackupToken(presented: string | null): boolean {
  if (!presented || !state.token) return false;
  // Equal-length digests: the comparison takes the same time whatever was sent.
  return timingSafeEqual(digest(presented), digest(state.token));
}

export type BackupCaller = { via: 'admin'; userId: string } | { via: 'cli'; userId: null };

/**
 * A backup may be taken by a signed-in administrator (or an administrator's
 * `full` API key, as for every admin route) or by the CLI holding the token.
 */
export function backupCaller(headers: Headers, auth: AuthContext | undefined): BackupCaller {
  const fullAccess = auth && (auth.method !== 'api_key' || auth.apiKeyScope === 'full');
  if (fullAccess && auth.user.role === 'admin') return { via: 'admin', userId: auth.user.id };
  if (isBackupToken(headers.get(BACKUP_TOKEN_HEADER))) return { via: 'cli', userId: null };
  if (auth || headers.has(BACKUP_TOKEN_HEADER)) throw forbidden('backup_forbidden', 'errors.backup.forbidden');
  throw unauthorized();
}
