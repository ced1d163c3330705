import { z } from 'zod';
import { siteAllocation } from '@/server/chargers/load/allocation';
import { deleteSite, getOwnedSite, presentSite, updateSite, updateSiteSchema } from '@/server/chargers/sites';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** The site with its current load-balancing allocation per session. */
export const GET = route({ access: 'user', params }, async ({ user, params }) => ({
  ...presentSite(await getOwnedSite(user.id, params.id)),
  allocation: await siteAllocation(params.id),
}));

export const PATCH = route({ access: 'user', params, body: updateSiteSchema }, async ({ user, params, body }) =>
  presentSite(await updateSite(user.id, params.id, body)),
);

export const DELETE = route({ access: 'user', params }, async ({ user, params }) => {
  await deleteSite(user.id, params.id);
});
