import { z } from 'zod';
import { presentMember, removeMember, updateMember, updateMemberSchema } from '@/server/chargers/members';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid(), memberId: z.uuid() });

/** Changes a member's role (owner only). */
export const PATCH = route({ access: 'user', params, body: updateMemberSchema }, async ({ user, params, body }) =>
  presentMember(await updateMember(user.id, params.id, params.memberId, body)),
);

/** Removes a member or revokes an invitation (owner only); their id tags are blocked. */
export const DELETE = route({ access: 'user', params }, async ({ user, params }) => {
  await removeMember(user.id, params.id, params.memberId);
});
