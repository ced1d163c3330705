import { route } from '@/server/http/route';
import { haChargePointCharging, haChargePointChargingSchema, haChargePointParams } from '@/server/ha/charge-points';

/** Starts a session (with the owner's own tag) or stops the running one; answers with the charge point's reply. */
export const POST = route(
  { access: 'user', keyScope: 'ha', metered: true, params: haChargePointParams, body: haChargePointChargingSchema },
  async ({ user, params, body }) => ({ status: 'success', ...(await haChargePointCharging(user.id, params.chargePointId, body)) }),
);
