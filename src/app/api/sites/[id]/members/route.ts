import { z } from 'zod';
import { inviteMember, inviteMemberSchema, listMembers, memberTotalsThisMonth, presentMember } from '@/server/chargers/members';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

const EMPTY = { energy_wh: 0, sessions: 0, cost: [] };

/** The site's members and pending invitations with each one's energy and cost this month (owner and managers). */
export const GET = route({ access: 'user', params }, async ({ user, params }) => {
  const [members, totals] = await Promise.all([listMembers(user.id, params.id), memberTotalsThisMonth(user.id, params.id)]);
  return { members: members.map((m) => ({ ...presentMember(m), this_month: totals[m.id] ?? EMPTY })) };
});

/** Adds an account at once (told by mail) or invites a new address (owner only). */
export const POST = route({ access: 'user', params, body: inviteMemberSchema }, async ({ user, params, body }) => {
  const { member, mailed } = await inviteMember(user, params.id, body);
  return Response.json({ ...presentMember(member), mail_sent: mailed }, { status: 201 });
});
