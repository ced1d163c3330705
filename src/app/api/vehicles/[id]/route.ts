import { route } from '@/server/http/route';
import { unlinkVehicle } from '@/server/vehicles/linking';
import { setUpdateStrategy, updateStrategySchema } from '@/server/vehicles/polling';
import { findVehicle, presentVehicle } from '@/server/vehicles/vehicles';
import { vehicleParams } from '../params';

export const GET = route({ access: 'user', params: vehicleParams }, async ({ user, params }) =>
  presentVehicle(await findVehicle(user.id, params.id)),
);

/** Unlinks the vehicle's vendor at Enode; its vehicles are forgotten. */
export const DELETE = route({ access: 'user', params: vehicleParams }, async ({ user, params }) => {
  await unlinkVehicle(user.id, params.id);
});

/** Changes how the vehicle is kept up to date: `{update_strategy, poll_interval_minutes}`. */
export const PATCH = route({ access: 'user', params: vehicleParams, body: updateStrategySchema }, async ({ user, params, body }) =>
  presentVehicle(await setUpdateStrategy(user.id, params.id, body)),
);
