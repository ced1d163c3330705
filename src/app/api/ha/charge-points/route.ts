import { route } from '@/server/http/route';
import { listHaChargePoints } from '@/server/ha/charge-points';

export const GET = route({ access: 'user', keyScope: 'ha' }, ({ user, locale }) => listHaChargePoints(user.id, locale));
