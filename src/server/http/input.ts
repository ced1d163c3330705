/**
 * What every request's input goes through before any schema sees it: the
 * body is read with a cap, and text holding NUL or an unpaired surrogate is
 * refused wherever it appears.
 */
import { findUnstorableText } from '@/server/unstorable-text';
import { badRequest, payloadTooLarge } from './errors';

/**
 * The body, never more than `maxBytes`: a declared Content-Length over the cap
 * is refused before reading, and a body without one (chunked) is counted
 * while it streams and refused as soon as it passes the cap.
 */
export async function readBodyCapped(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw payloadTooLarge(maxBytes);
  const reader = req.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks, size);
}

/** Throws 400 `invalid_text` if any string or object key in `value` holds NUL or an unpaired surrogate. */
export function assertSafeText(value: unknown, where: 'body' | 'query' | 'path'): void {
  const path = findUnstorableText(value, where);
  if (path !== undefined) throw unsafeText(path);
}

const unsafeText = (path: string) =>
  badRequest('invalid_text', 'errors.unsafeText', { path });
