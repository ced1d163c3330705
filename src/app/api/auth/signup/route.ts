import { signUp } from '@/server/auth/local';
import { signUpSchema } from '@/server/auth/schemas';
import { createSession } from '@/server/auth/session';
import { route } from '@/server/http/route';
import { jsonWithCookie } from '@/server/http/responses';
import { presentUser } from '@/server/users/present';

export const POST = route({ access: 'public', body: signUpSchema }, async ({ body, req }) => {
  const user = await signUp(body);
  const cookie = await createSession(user.id, req.headers.get('user-agent'));
  return jsonWithCookie({ user: presentUser(user, { emailVerified: false }) }, cookie, 201);
});
