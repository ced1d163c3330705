import { Readable } from 'node:stream';
import { recordAudit } from '@/server/audit/audit';
import { backupCaller } from '@/server/backup/access';
import { startBackup } from '@/server/backup/archive';
import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/**
 * A backup of the embedded database as a download (gzipped tar). Public to
 * the wrapper because the operator CLI authenticates with the data folder's
 * token instead of a session; `backupCaller` admits admins and that token only.
 */
export const GET = route({ access: 'public' }, async ({ req, auth }) => {
  const caller = backupCaller(req.headers, auth);
  const { fileName, stream } = await startBackup();
  try {
    await recordAudit({ actorUserId: caller.userId, action: 'backup.download', subjectType: 'database', details: { via: caller.via, file: fileName } });
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      'content-type': 'application/gzip',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    },
  });
});
