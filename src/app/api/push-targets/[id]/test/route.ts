import { z } from 'zod';
import { route } from '@/server/http/route';
import { sendTestPush } from '@/server/ha/push/deliveries';
import { getOwnedTarget } from '@/server/ha/push/targets';

/** Sends the vehicle's or charge point's real current state now and reports what Home Assistant answered. */
export const POST = route({ access: 'user', params: z.object({ id: z.uuid() }) }, async ({ user, params }) => {
  const outcome = await sendTestPush(await getOwnedTarget(user.id, params.id));
  return {
    delivered: outcome.kind === 'delivered',
    response_status: outcome.response?.status ?? null,
    response_body: outcome.response?.body ?? null,
    error: outcome.kind === 'delivered' ? null : outcome.error,
  };
});
