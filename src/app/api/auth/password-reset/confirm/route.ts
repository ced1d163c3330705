import { z } from 'zod';
import { resetPassword } from '@/server/auth/local';
import { passwordSchema, tokenSchema } from '@/server/auth/schemas';
import { route } from '@/server/http/route';

/** `revoke_api_keys` (default true): end every API key of the account too. */
const schema = z.object({ token: tokenSchema, password: passwordSchema, revoke_api_keys: z.boolean().default(true) });

export const POST = route({ access: 'public', body: schema }, async ({ body }) => {
  await resetPassword(body.token, body.password, { revokeApiKeys: body.revoke_api_keys });
  return { status: 'password_changed' };
});
