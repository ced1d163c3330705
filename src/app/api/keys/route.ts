import { z } from 'zod';
import { createApiKey, listApiKeys } from '@/server/apikeys/apikeys';
import { presentApiKey } from '@/server/apikeys/present';
import { route } from '@/server/http/route';

export const GET = route({ access: 'user' }, async ({ user }) => ({
  keys: (await listApiKeys(user.id)).map(presentApiKey),
}));

const createSchema = z.object({ name: z.string().trim().min(1, 'Give the key a name').max(64) });

export const POST = route({ access: 'user', body: createSchema }, async ({ user, body }) => {
  const created = await createApiKey(user.id, body.name);
  return Response.json({ ...presentApiKey(created), key: created.key }, { status: 201 });
});
