import { z } from 'zod';
import { presentMember, resendInvitation } from '@/server/chargers/members';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid(), memberId: z.uuid() });

/** Sends a pending invitation again with a new link (the old one stops working). */
export const POST = route({ access: 'user', params }, async ({ user, params }) => {
  const { member, mailed } = await resendInvitation(user, params.id, params.memberId);
  return { ...presentMember(member), mail_sent: mailed };
});
