import { z } from 'zod';
import { deleteIdTag, presentIdTag, updateIdTag, updateIdTagSchema } from '@/server/chargers/id-tags';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

export const PATCH = route({ access: 'user', params, body: updateIdTagSchema }, async ({ user, params, body }) =>
  presentIdTag(await updateIdTag(user.id, params.id, body)),
);

export const DELETE = route({ access: 'user', params }, async ({ user, params }) => {
  await deleteIdTag(user.id, params.id);
});
