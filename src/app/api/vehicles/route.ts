import { route } from '@/server/http/route';
import { listLinks, listVehicles, presentVehicle } from '@/server/vehicles/vehicles';

/** The caller's own vehicles, as last cached (webhooks and refreshes keep them current). */
export const GET = route({ access: 'user' }, async ({ user }) => ({
  vehicles: (await listVehicles(user.id)).map(presentVehicle),
  links: await listLinks(user.id),
}));
