import { z } from 'zod';
import { route } from '@/server/http/route';
import { presentPushTarget, registerPushTarget, registerTargetSchema, unregisterPushTargets } from '@/server/ha/push/targets';

export const POST = route({ access: 'user', keyScope: 'ha', body: registerTargetSchema }, async ({ user, body, locale }) => {
  const target = await registerPushTarget(user, body);
  return { status: 'success', message: 'Webhook registered', ...presentPushTarget(target, locale) };
});

/** Without `webhook_id`, removes every push target of the key's owner. */
export const DELETE = route(
  { access: 'user', keyScope: 'ha', query: z.object({ webhook_id: z.string().min(1).max(200).optional() }) },
  async ({ user, query }) => ({
    status: 'success',
    removed: await unregisterPushTargets(user.id, query.webhook_id),
  }),
);
