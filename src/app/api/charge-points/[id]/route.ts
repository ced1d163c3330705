import { z } from 'zod';
import { chargePointDetail, presentChargePoint, updateChargePoint, updateChargePointSchema } from '@/server/chargers/charge-points';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

export const GET = route({ access: 'user', params }, async ({ user, params }) => chargePointDetail(user.id, params.id));

/** Name, site and tariff. */
export const PATCH = route({ access: 'user', params, body: updateChargePointSchema }, async ({ user, params, body }) =>
  presentChargePoint(await updateChargePoint(user.id, params.id, body)),
);
