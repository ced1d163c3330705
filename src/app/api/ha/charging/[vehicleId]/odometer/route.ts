import { route } from '@/server/http/route';
import { haVehicleParams } from '@/server/ha/params';
import { odometerSchema, recordSessionOdometer } from '@/server/ha/vehicles';

export const POST = route(
  { access: 'user', keyScope: 'ha', metered: true, params: haVehicleParams, body: odometerSchema },
  ({ user, params, body }) => recordSessionOdometer(user.id, params.vehicleId, body.odometer_km),
);
