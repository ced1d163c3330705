import { createSite, createSiteSchema, listSites, presentSite } from '@/server/chargers/sites';
import { route } from '@/server/http/route';

export const GET = route({ access: 'user' }, async ({ user }) => ({ sites: (await listSites(user.id)).map(presentSite) }));

export const POST = route({ access: 'user', body: createSiteSchema }, async ({ user, body }) =>
  Response.json(presentSite(await createSite(user.id, body)), { status: 201 }),
);
