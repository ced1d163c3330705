import { z } from 'zod';
import { uploadedFile } from '@/server/chargers/operations';
import { route } from '@/server/http/route';

/** The diagnostics/log file the charge point uploaded to this server. */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid(), operationId: z.uuid() }) }, async ({ user, params }) => {
  const file = await uploadedFile(user.id, params.id, params.operationId);
  const name = file.fileName.replace(/[^\w.-]+/g, '_');
  return new Response(Buffer.from(file.bytes), {
    headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${name}"` },
  });
});
