import { route } from '@/server/http/route';
import { chargingModeBody } from '@/server/energy/charging-modes';
import { haChargePointParams, setHaChargingMode } from '@/server/ha/charge-points';

export const POST = route({ access: 'user', keyScope: 'ha', params: haChargePointParams, body: chargingModeBody }, ({ user, params, body }) =>
  setHaChargingMode(user.id, params.chargePointId, body),
);
