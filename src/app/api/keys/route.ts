import { createApiKey, createApiKeySchema, listApiKeys } from '@/server/apikeys/apikeys';
import { presentApiKey } from '@/server/apikeys/present';
import { route } from '@/server/http/route';

export const GET = route({ access: 'user' }, async ({ user }) => ({
  keys: (await listApiKeys(user.id)).map(presentApiKey),
}));

export const POST = route({ access: 'user', verifiedEmail: true, body: createApiKeySchema }, async ({ user, body }) => {
  const created = await createApiKey(user.id, body);
  return Response.json({ ...presentApiKey(created), key: created.key }, { status: 201 });
});
