import { z } from 'zod';
import { acceptInvitation, presentMember } from '@/server/chargers/members';
import { route } from '@/server/http/route';

const body = z.object({ token: z.string().min(1, 'The invitation link has no token').max(200, 'This is not an invitation token') });

/** Accepts a site invitation as the signed-in user (the invited address). */
export const POST = route({ access: 'user', body }, async ({ user, body }) => presentMember(await acceptInvitation(user, body.token)));
