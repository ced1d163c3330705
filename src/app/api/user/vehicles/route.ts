import { route } from '@/server/http/route';
import { listHaVehicles } from '@/server/ha/vehicles';

/** The integration's vehicle list: a JSON array, `id` = Enode's vehicle id. */
export const GET = route({ access: 'user', keyScope: 'ha' }, ({ user }) => listHaVehicles(user.id));
