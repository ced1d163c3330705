import { signIn } from '@/server/auth/local';
import { signInSchema } from '@/server/auth/schemas';
import { createSession } from '@/server/auth/session';
import { clientKeyOf } from '@/server/http/client-address';
import { route } from '@/server/http/route';
import { jsonWithCookie } from '@/server/http/responses';
import { presentUser } from '@/server/users/present';

export const POST = route({ access: 'public', body: signInSchema }, async ({ body, req }) => {
  const user = await signIn(body, clientKeyOf(req.headers));
  const cookie = await createSession(user.id, req.headers.get('user-agent'));
  return jsonWithCookie({ user: presentUser(user) }, cookie);
});
