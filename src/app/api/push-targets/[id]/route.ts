import { z } from 'zod';
import { route } from '@/server/http/route';
import { deletePushTarget, presentPushTarget, setTargetEnabled } from '@/server/ha/push/targets';

const params = z.object({ id: z.uuid() });

export const PATCH = route(
  { access: 'user', params, body: z.object({ is_enabled: z.boolean() }) },
  async ({ user, params, body, locale }) => presentPushTarget(await setTargetEnabled(user.id, params.id, body.is_enabled), locale),
);

export const DELETE = route({ access: 'user', params }, ({ user, params }) => deletePushTarget(user.id, params.id));
