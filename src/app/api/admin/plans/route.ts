import { route } from '@/server/http/route';
import { getPlanLimits, planLimitsSchema, setPlanLimits } from '@/server/plans/limits';

export const GET = route({ access: 'admin' }, () => getPlanLimits());

export const PUT = route({ access: 'admin', body: planLimitsSchema }, ({ user, body }) => setPlanLimits(user.id, body));
