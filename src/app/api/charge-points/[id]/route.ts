import { z } from 'zod';
import { chargePointDetail, presentChargePoint, updateChargePoint, updateChargePointSchema, withOcppUrl } from '@/server/chargers/charge-points';
import { publicBaseUrl } from '@/server/http/public-url';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

export const GET = route({ access: 'user', params }, async ({ user, params, req }) =>
  withOcppUrl(publicBaseUrl(req.headers), await chargePointDetail(user.id, params.id)),
);

/** Name, site and tariff. */
export const PATCH = route({ access: 'user', params, body: updateChargePointSchema }, async ({ user, params, body, req }) =>
  withOcppUrl(publicBaseUrl(req.headers), presentChargePoint(await updateChargePoint(user.id, params.id, body))),
);
