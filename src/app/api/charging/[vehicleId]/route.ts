import { route } from '@/server/http/route';
import { chargingBodySchema, haVehicleParams } from '@/server/ha/params';
import { presentAction, requestCharging } from '@/server/vehicles/actions';

/** Starts or stops charging; the answer carries Enode's action (usually PENDING at first). */
export const POST = route(
  { access: 'user', keyScope: 'ha', metered: true, params: haVehicleParams, body: chargingBodySchema },
  async ({ user, params, body }) => ({
    status: 'success',
    ...presentAction(await requestCharging(user.id, params.vehicleId, body.action)),
  }),
);
