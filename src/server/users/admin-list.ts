import { resolvePlans } from '@/server/plans/limits';
import { presentAdminUser } from './present';
import { listUsers } from './users';

/** Every account with the plan in effect, for Admin › Users and `GET /api/admin/users`. */
export async function listUsersForAdmin() {
  const users = await listUsers();
  const plans = await resolvePlans(users);
  return users.map((user) => presentAdminUser(user, plans.get(user.id)!));
}
