import { z } from 'zod';
import { MAX_UPLOAD_BYTES, storeUpload } from '@/server/chargers/operations';
import { AppError, badRequest } from '@/server/http/errors';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid(), token: z.string().min(20).max(100), file: z.array(z.string().max(255)).optional() });
const tooLarge = () => new AppError(413, 'upload_too_large', `Uploads are limited to ${MAX_UPLOAD_BYTES} bytes`);

/**
 * A charge point uploads a diagnostics/log file to the one-time URL we gave
 * it (GetDiagnostics / GetLog without a location). The token is the
 * credential: no session, no Origin. HTTP PUT or POST, raw or multipart; a
 * file name may follow the token in the path.
 */
const upload = route({ access: 'public', webhook: true, params }, async ({ req, params }) => {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge();
  let bytes: Uint8Array;
  let fileName = params.file?.at(-1) ?? null;
  if (req.headers.get('content-type')?.startsWith('multipart/form-data')) {
    const file = [...(await req.formData()).values()].find((v): v is File => typeof v !== 'string');
    if (!file) throw badRequest('The form has no file', 'no_file');
    bytes = new Uint8Array(await file.arrayBuffer());
    fileName = file.name || fileName;
  } else {
    bytes = new Uint8Array(await req.arrayBuffer());
  }
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw tooLarge();
  await storeUpload(params.id, params.token, bytes, fileName);
  return new Response(null, { status: 201 });
});

export const PUT = upload;
export const POST = upload;
