import { myMemberships } from '@/server/chargers/members';
import { route } from '@/server/http/route';

/** The sites the caller is a member of, with their role. */
export const GET = route({ access: 'user', keyScope: 'ha' }, async ({ user }) => ({
  memberships: (await myMemberships(user.id)).map((m) => ({ member_id: m.memberId, site_id: m.siteId, site_name: m.siteName, role: m.role })),
}));
