import { route } from '@/server/http/route';
import { listUsersForAdmin } from '@/server/users/admin-list';

export const GET = route({ access: 'admin' }, async () => ({ users: await listUsersForAdmin() }));
