import { listPendingIdentities } from '@/server/chargers/pending';
import { route } from '@/server/http/route';

/** Unknown identities that connected while the admin setting accepts them, waiting to be claimed. */
export const GET = route({ access: 'user' }, async ({ user }) => ({ pending: await listPendingIdentities(user) }));
