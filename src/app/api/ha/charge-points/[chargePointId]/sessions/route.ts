import { z } from 'zod';
import { route } from '@/server/http/route';
import { haChargePointParams, listHaChargePointSessions } from '@/server/ha/charge-points';

export const GET = route(
  { access: 'user', keyScope: 'ha', params: haChargePointParams, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  ({ user, params, query }) => listHaChargePointSessions(user.id, params.chargePointId, query.limit),
);
