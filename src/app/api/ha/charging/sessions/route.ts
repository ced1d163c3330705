import { route } from '@/server/http/route';
import { listHaSessions, sessionsQuerySchema } from '@/server/ha/vehicles';

export const GET = route({ access: 'user', keyScope: 'ha', query: sessionsQuerySchema }, ({ user, query }) => listHaSessions(user.id, query));
