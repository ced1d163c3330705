import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import type { AppConfig } from '@/server/config';
import { lockHolder } from '@/server/db/lock';
import { AppError } from '@/server/http/errors';
import { BACKUP_TOKEN_HEADER, accessFilePath, accessFileSchema, type BackupAccess } from './access';
import { writeAtomically } from './archive';
import { checkArchive } from './restore';

/** No byte for this long: the server is stuck, give up (a large database's copy comes before the first byte). */
const IDLE_TIMEOUT_MS = 5 * 60_000;

/** The running server's access file, or undefined when no server holds the data folder. */
export function runningServer(config: AppConfig): BackupAccess | undefined {
  if (config.database.kind !== 'pglite') return undefined;
  const holder = lockHolder(path.join(config.dataDir, 'pglite.lock'));
  if (holder === undefined) return undefined;
  let access: BackupAccess;
  try {
    access = accessFileSchema.parse(JSON.parse(fs.readFileSync(accessFilePath(config), 'utf8')));
  } catch {
    throw new AppError(
      503,
      'server_not_ready',
      `The server (pid ${holder}) holds the embedded database but has not published its backup access (${accessFilePath(config)}); is it still starting?`,
    );
  }
  if (access.pid !== holder) throw new AppError(503, 'server_not_ready', `The backup access file names pid ${access.pid}, but pid ${holder} holds the database; try again in a moment.`);
  return access;
}

/**
 * With its own certificate the server is reached over https on loopback,
 * where no name matches: the certificate it presents must be the very one
 * in TLS_CERT_FILE (pinned), so the token goes to no one else.
 */
function tlsOptions(config: AppConfig): https.RequestOptions {
  const pem = fs.readFileSync(config.tls!.certFile, 'utf8');
  const expected = new X509Certificate(pem).fingerprint256;
  return {
    ca: [...rootCertificates, pem],
    checkServerIdentity: (_host, cert) =>
      cert.fingerprint256 === expected ? undefined : new Error('The server presented another certificate than TLS_CERT_FILE'),
  };
}

/** Downloads a backup from the running server into `file`: a temporary file beside it, synced, then renamed. */
export async function downloadBackup(config: AppConfig, access: BackupAccess, file: string): Promise<{ bytes: number }> {
  const url = new URL('/api/admin/backup', access.url);
  const secure = url.protocol === 'https:';
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = (secure ? https : http).get(url, { headers: { [BACKUP_TOKEN_HEADER]: access.token }, ...(secure ? tlsOptions(config) : {}) }, resolve);
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error(`No answer from the server at ${access.url} for ${IDLE_TIMEOUT_MS / 1000} s`)));
    request.once('error', reject);
  });
  if (response.statusCode !== 200) {
    let body = '';
    for await (const chunk of response) if (body.length < 4096) body += chunk;
    const detail = (() => {
      try {
        return JSON.parse(body) as { detail?: string; code?: string };
      } catch {
        return {};
      }
    })();
    throw new AppError(response.statusCode ?? 502, detail.code ?? 'backup_failed', detail.detail ?? `The server answered ${response.statusCode}`);
  }
  // A download cut short fails here (the server never ends a broken archive cleanly), and is checked whole before it is kept.
  return { bytes: await writeAtomically(file, response, checkArchive) };
}
