import { route } from '@/server/http/route';
import { presentVehicle, refreshVehicle } from '@/server/vehicles/vehicles';
import { vehicleParams } from '../../params';

/** Fetches the vehicle from Enode now; `stale: true` when Enode failed and the cached state is shown. */
export const POST = route({ access: 'user', params: vehicleParams }, async ({ user, params }) => {
  const { vehicle, stale } = await refreshVehicle(user.id, params.id);
  return { ...presentVehicle(vehicle), stale };
});
