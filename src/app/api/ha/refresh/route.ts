import { z } from 'zod';
import { route } from '@/server/http/route';
import { refreshHaVehicles } from '@/server/ha/vehicles';

const body = z.object({ vehicle_id: z.string().trim().min(1).max(100).optional() }).optional();

/** Fetches one vehicle (`vehicle_id`) or all of the caller's from Enode now. */
export const POST = route({ access: 'user', keyScope: 'ha', body }, async ({ user, body }) => {
  const vehicles = await refreshHaVehicles(user.id, body?.vehicle_id);
  return { status: 'success', refreshed: vehicles.length, vehicles };
});
