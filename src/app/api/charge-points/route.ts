import { listChargePointsWithState } from '@/server/chargers/charge-point-list';
import { presentChargePoint, withOcppUrl } from '@/server/chargers/charge-points';
import { registerChargePoint, registerChargePointSchema } from '@/server/chargers/registration';
import { publicBaseUrl } from '@/server/http/public-url';
import { route } from '@/server/http/route';

export const GET = route({ access: 'user' }, async ({ user, req }) => {
  const baseUrl = publicBaseUrl(req.headers);
  return { charge_points: (await listChargePointsWithState(user.id)).map((cp) => withOcppUrl(baseUrl, cp)) };
});

/** Registers a charge point; the OCPP password is in this response only. */
export const POST = route({ access: 'user', verifiedEmail: true, body: registerChargePointSchema }, async ({ user, body, req }) => {
  const { chargePoint, password } = await registerChargePoint(user.id, body);
  return Response.json({ ...withOcppUrl(publicBaseUrl(req.headers), presentChargePoint(chargePoint)), password }, { status: 201 });
});
