import { mySessions, mySessionsQuery } from '@/server/chargers/drivers';
import { route } from '@/server/http/route';

/** The caller's own sessions of a month across the sites they drive on, with totals and the last 12 months. */
export const GET = route({ access: 'user', keyScope: 'ha', query: mySessionsQuery }, async ({ user, query }) => mySessions(user.id, query));
