import { createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { getConfig } from '@/server/config';
import { isValidEnodeSignature } from '@/server/enode/signature';
import { webhookDeliverySchema } from '@/server/enode/schemas';
import { badRequest, translatedError, validationError } from '@/server/http/errors';
import { assertSafeText, readBodyCapped } from '@/server/http/input';
import { toErrorResponse } from '@/server/http/route';
import { countWebhook } from '@/server/observability/metrics';
import { receiveEnodeDelivery } from '@/server/vehicles/webhooks';

const deliveryIdSchema = z.string().min(1).max(200);

/**
 * Enode's webhook deliveries. Not behind route(): no user, no origin, and the
 * signature must be checked on the raw body before anything else.
 */
export async function POST(req: NextRequest) {
  try {
    return await countWebhook('enode', () => receive(req));
  } catch (error) {
    return toErrorResponse(error);
  }
}

async function receive(req: NextRequest): Promise<Response> {
  // A delivery is at most 100 events, a few hundred kB: the one cap of every request fits it.
  const raw = await readBodyCapped(req, getConfig().http.maxBodyBytes);
  if (!isValidEnodeSignature(raw, req.headers.get('x-enode-signature'), getConfig().enode?.webhookSecret)) {
    throw translatedError(401, 'invalid_signature', 'errors.webhooks.invalidSignature');
  }
  // Enode always names the delivery; the body hash keeps a nameless one idempotent too.
  const header = deliveryIdSchema.safeParse(req.headers.get('x-enode-delivery'));
  const deliveryId = header.success ? header.data : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('invalid_json', 'errors.invalidJson');
  }
  assertSafeText(json, 'body');
  const events = webhookDeliverySchema.safeParse(json);
  if (!events.success) throw validationError(events.error, 'body');
  return Response.json(await receiveEnodeDelivery(deliveryId, events.data));
}
