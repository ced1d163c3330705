import { z } from 'zod';
import { route } from '@/server/http/route';
import { presentUser } from '@/server/users/present';
import { updateUser } from '@/server/users/users';

const changes = z
  .object({
    role: z.enum(['user', 'admin']).optional(),
    tier: z.enum(['free', 'basic', 'pro']).optional(),
    is_approved: z.boolean().optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'Nothing to change');

export const PATCH = route(
  { access: 'admin', params: z.object({ id: z.uuid() }), body: changes },
  async ({ user, params, body }) =>
    presentUser(await updateUser(user.id, params.id, { role: body.role, tier: body.tier, isApproved: body.is_approved })),
);
