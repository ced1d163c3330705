import { z } from 'zod';
import { MAX_UPLOAD_BYTES, storeUpload } from '@/server/chargers/operations';
import { AppError, badRequest } from '@/server/http/errors';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid(), token: z.string().min(20).max(100), file: z.array(z.string().max(255)).optional() });
const tooLarge = () => new AppError(413, 'upload_too_large', `Uploads are limited to ${MAX_UPLOAD_BYTES} bytes`);

/** The body, refused as soon as it grows past the cap (a chunked upload has no Content-Length to check first). */
async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    size += next.value.byteLength;
    if (size > MAX_UPLOAD_BYTES) {
      await reader!.cancel();
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}

/**
 * A charge point uploads a diagnostics/log file to the one-time URL we gave
 * it (GetDiagnostics / GetLog without a location). The token is the
 * credential: no session, no Origin. HTTP PUT or POST, raw or multipart; a
 * file name may follow the token in the path.
 */
const upload = route({ access: 'public', webhook: true, params }, async ({ req, params }) => {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge();
  let bytes: Uint8Array = await readCapped(req.body);
  let fileName = params.file?.at(-1) ?? null;
  const contentType = req.headers.get('content-type') ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(Buffer.from(bytes), { headers: { 'content-type': contentType } }).formData().catch(() => {
      throw badRequest('The form could not be read', 'bad_form');
    });
    const file = [...form.values()].find((v): v is File => typeof v !== 'string');
    if (!file) throw badRequest('The form has no file', 'no_file');
    bytes = new Uint8Array(await file.arrayBuffer());
    fileName = file.name || fileName;
  }
  await storeUpload(params.id, params.token, bytes, fileName);
  return new Response(null, { status: 201 });
});

export const PUT = upload;
export const POST = upload;
