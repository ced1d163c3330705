import { route } from '@/server/http/route';
import { haChargePointParams, haChargePointStatus } from '@/server/ha/charge-points';

export const GET = route({ access: 'user', keyScope: 'ha', metered: true, params: haChargePointParams }, ({ user, params, locale }) =>
  haChargePointStatus(user.id, params.chargePointId, locale),
);
