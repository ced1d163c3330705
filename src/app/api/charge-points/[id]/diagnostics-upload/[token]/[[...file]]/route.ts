import { z } from 'zod';
import { MAX_UPLOAD_BYTES, storeUpload } from '@/server/chargers/operations';
import { badRequest } from '@/server/http/errors';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid(), token: z.string().min(20).max(100), file: z.array(z.string().max(255)).optional() });

/**
 * A charge point uploads a diagnostics/log file to the one-time URL we gave
 * it (GetDiagnostics / GetLog without a location). The token is the
 * credential: no session, no Origin. HTTP PUT or POST, raw or multipart; a
 * file name may follow the token in the path.
 */
const upload = route({ access: 'public', webhook: true, params, rawBody: true, maxBodyBytes: MAX_UPLOAD_BYTES }, async ({ req, params, rawBody }) => {
  let bytes: Uint8Array = rawBody;
  let fileName = params.file?.at(-1) ?? null;
  const contentType = req.headers.get('content-type') ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(Buffer.from(bytes), { headers: { 'content-type': contentType } }).formData().catch(() => {
      throw badRequest('bad_form', 'errors.uploads.badForm');
    });
    const file = [...form.values()].find((v): v is File => typeof v !== 'string');
    if (!file) throw badRequest('no_file', 'errors.uploads.noFile');
    bytes = new Uint8Array(await file.arrayBuffer());
    fileName = file.name || fileName;
  }
  await storeUpload(params.id, params.token, bytes, fileName);
  return new Response(null, { status: 201 });
});

export const PUT = upload;
export const POST = upload;
