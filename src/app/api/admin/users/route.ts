import { route } from '@/server/http/route';
import { presentUser } from '@/server/users/present';
import { listUsers } from '@/server/users/users';

export const GET = route({ access: 'admin' }, async () => ({ users: (await listUsers()).map((u) => presentUser(u)) }));
