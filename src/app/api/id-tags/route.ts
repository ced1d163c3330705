import { createIdTag, createIdTagSchema, listIdTags, presentIdTag } from '@/server/chargers/id-tags';
import { route } from '@/server/http/route';

export const GET = route({ access: 'user' }, async ({ user }) => ({ id_tags: (await listIdTags(user.id)).map(presentIdTag) }));

export const POST = route({ access: 'user', body: createIdTagSchema }, async ({ user, body }) =>
  Response.json(presentIdTag(await createIdTag(user.id, body)), { status: 201 }),
);
