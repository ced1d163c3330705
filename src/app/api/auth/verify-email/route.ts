import { z } from 'zod';
import { verifyEmail } from '@/server/auth/local';
import { tokenSchema } from '@/server/auth/schemas';
import { route } from '@/server/http/route';

export const POST = route({ access: 'public', body: z.object({ token: tokenSchema }) }, async ({ body }) => {
  await verifyEmail(body.token);
  return { status: 'verified' };
});
