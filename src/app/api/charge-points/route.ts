import { listChargePointsWithState } from '@/server/chargers/charge-point-list';
import { presentChargePoint } from '@/server/chargers/charge-points';
import { registerChargePoint, registerChargePointSchema } from '@/server/chargers/registration';
import { route } from '@/server/http/route';

export const GET = route({ access: 'user' }, async ({ user }) => ({ charge_points: await listChargePointsWithState(user.id) }));

/** Registers a charge point; the OCPP password is in this response only. */
export const POST = route({ access: 'user', verifiedEmail: true, body: registerChargePointSchema }, async ({ user, body }) => {
  const { chargePoint, password, url } = await registerChargePoint(user.id, body);
  return Response.json({ ...presentChargePoint(chargePoint), ocpp_url: url, password }, { status: 201 });
});
