import { z } from 'zod';
import { route } from '@/server/http/route';
import { deletePlan, getPlan, planBodySchema, planQuerySchema, setPlan } from '@/server/planner/plans';

const params = z.object({ id: z.uuid() });

/** The running session's charging plan: target, departure, planned slots, expected cost, reachable or the earliest time. */
export const GET = route({ access: 'user', keyScope: 'ha', params, query: planQuerySchema }, ({ user, params, query, locale }) => getPlan(user.id, params.id, query, locale));

/** Sets the plan: `{vehicle_id, target_battery_level, departure, strategy?}`; the car becomes the session's car. */
export const PUT = route({ access: 'user', keyScope: 'ha', params, body: planBodySchema }, ({ user, params, body, locale }) => setPlan(user.id, params.id, body, locale));

/** Removes the plan: the session charges as load balancing alone allows. */
export const DELETE = route({ access: 'user', keyScope: 'ha', params, query: planQuerySchema }, async ({ user, params, query }) => {
  await deletePlan(user.id, params.id, query);
});
