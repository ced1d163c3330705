import { route } from '@/server/http/route';
import { currentLimitSchema, haChargePointParams, setHaCurrentLimit } from '@/server/ha/charge-points';

export const POST = route(
  { access: 'user', keyScope: 'ha', metered: true, params: haChargePointParams, body: currentLimitSchema },
  ({ user, params, body }) => setHaCurrentLimit(user.id, params.chargePointId, body),
);
