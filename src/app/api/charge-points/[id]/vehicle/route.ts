import { z } from 'zod';
import { route } from '@/server/http/route';
import { sessionVehicle, sessionVehicleSchema, setSessionVehicle } from '@/server/planner/matching';

const params = z.object({ id: z.uuid() });

/** The car on the charger: each running session's matched vehicle, and the charge point's default vehicle. */
export const GET = route({ access: 'user', keyScope: 'ha', params }, ({ user, params }) => sessionVehicle(user.id, params.id));

/** `{vehicle_id}` picks the running session's car (null: not this car); `{default_vehicle_id}` sets the default. */
export const PUT = route({ access: 'user', params, body: sessionVehicleSchema }, ({ user, params, body }) => setSessionVehicle(user.id, params.id, body));
