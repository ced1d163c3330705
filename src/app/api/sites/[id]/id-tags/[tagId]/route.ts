import { z } from 'zod';
import { updateSiteIdTag, updateSiteIdTagSchema } from '@/server/chargers/site-id-tags';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid(), tagId: z.uuid() });

/** Reassign to another member of the site, edit holder or label, block or unblock (owner and managers). */
export const PATCH = route({ access: 'user', params, body: updateSiteIdTagSchema }, async ({ user, params, body }) =>
  updateSiteIdTag(user.id, params.id, params.tagId, body),
);
