import { z } from 'zod';
import { revokeApiKey } from '@/server/apikeys/apikeys';
import { route } from '@/server/http/route';

export const DELETE = route({ access: 'user', params: z.object({ id: z.uuid() }) }, async ({ user, params }) => {
  await revokeApiKey(user.id, params.id);
});
