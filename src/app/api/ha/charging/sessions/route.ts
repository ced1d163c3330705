import { route } from '@/server/http/route';
import { listHaSessions, sessionsQuerySchema } from '@/server/ha/vehicles';

export const GET = route({ access: 'user', query: sessionsQuerySchema }, ({ user, query }) => listHaSessions(user.id, query));
