import { clearedSessionCookie, destroySession, SESSION_COOKIE } from '@/server/auth/session';
import { route } from '@/server/http/route';
import { jsonWithCookie } from '@/server/http/responses';

export const POST = route({ access: 'public' }, async ({ req }) => {
  await destroySession(req.cookies.get(SESSION_COOKIE)?.value);
  return jsonWithCookie({ status: 'signed_out' }, clearedSessionCookie());
});
