import { route } from '@/server/http/route';
import { listHaChargePoints } from '@/server/ha/charge-points';

export const GET = route({ access: 'user' }, ({ user }) => listHaChargePoints(user.id));
