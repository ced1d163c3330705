import { z } from 'zod';
import { resetPassword } from '@/server/auth/local';
import { passwordSchema, tokenSchema } from '@/server/auth/schemas';
import { route } from '@/server/http/route';

const schema = z.object({ token: tokenSchema, password: passwordSchema });

export const POST = route({ access: 'public', body: schema }, async ({ body }) => {
  await resetPassword(body.token, body.password);
  return { status: 'password_changed' };
});
