import { z } from 'zod';
import { createSiteIdTag, createSiteIdTagSchema, listSiteIdTags } from '@/server/chargers/site-id-tags';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** The id tags assigned to the site's members (owner and managers). */
export const GET = route({ access: 'user', params }, async ({ user, params }) => ({ id_tags: await listSiteIdTags(user.id, params.id) }));

/** A new id tag for a member of the site (owned by the site's owner). */
export const POST = route({ access: 'user', params, body: createSiteIdTagSchema }, async ({ user, params, body }) =>
  Response.json(await createSiteIdTag(user.id, params.id, body), { status: 201 }),
);
