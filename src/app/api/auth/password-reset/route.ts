import { z } from 'zod';
import { requestPasswordReset } from '@/server/auth/local';
import { emailSchema } from '@/server/auth/schemas';
import { route } from '@/server/http/route';

export const POST = route({ access: 'public', body: z.object({ email: emailSchema }) }, async ({ body }) => {
  await requestPasswordReset(body.email);
  return { status: 'sent', detail: 'If an account exists for this address, a reset link is on its way.' };
});
