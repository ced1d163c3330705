import { myChargePoints } from '@/server/chargers/drivers';
import { route } from '@/server/http/route';

/** The charge points on the sites the caller drives on, with the caller's own running sessions. */
export const GET = route({ access: 'user', keyScope: 'ha' }, async ({ user, locale }) => ({ charge_points: await myChargePoints(user.id, locale) }));
