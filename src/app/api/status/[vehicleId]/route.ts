import { route } from '@/server/http/route';
import { haVehicleParams } from '@/server/ha/params';
import { getHaVehicleStatus } from '@/server/ha/vehicles';

export const GET = route({ access: 'user', keyScope: 'ha', metered: true, params: haVehicleParams }, ({ user, params }) =>
  getHaVehicleStatus(user.id, params.vehicleId),
);
