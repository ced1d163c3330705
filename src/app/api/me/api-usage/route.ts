import { route } from '@/server/http/route';
import { getUsageSummary } from '@/server/usage/summary';

export const GET = route({ access: 'user', keyScope: 'ha' }, ({ user }) => getUsageSummary(user));
