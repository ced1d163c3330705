import { z } from 'zod';
import { route } from '@/server/http/route';
import { getVehiclePlanDefaults, setVehiclePlanDefaults, vehiclePlanDefaultsSchema } from '@/server/planner/plans';

const params = z.object({ id: z.uuid() });

/** The vehicle's planner defaults: target level and usual departure time (site time). */
export const GET = route({ access: 'user', keyScope: 'ha', params }, ({ user, params }) => getVehiclePlanDefaults(user.id, params.id));

export const PUT = route({ access: 'user', keyScope: 'ha', params, body: vehiclePlanDefaultsSchema }, ({ user, params, body }) =>
  setVehiclePlanDefaults(user.id, params.id, body),
);
