import { route } from '@/server/http/route';
import { unlinkVehicle } from '@/server/vehicles/linking';
import { findVehicle, presentVehicle } from '@/server/vehicles/vehicles';
import { vehicleParams } from '../params';

export const GET = route({ access: 'user', params: vehicleParams }, async ({ user, params }) =>
  presentVehicle(await findVehicle(user.id, params.id)),
);

/** Unlinks the vehicle's vendor at Enode; its vehicles are forgotten. */
export const DELETE = route({ access: 'user', params: vehicleParams }, async ({ user, params }) => {
  await unlinkVehicle(user.id, params.id);
});
