import { z } from 'zod';
import { changePassword } from '@/server/auth/local';
import { passwordSchema } from '@/server/auth/schemas';
import { createSession } from '@/server/auth/session';
import { route } from '@/server/http/route';
import { jsonWithCookie } from '@/server/http/responses';

const schema = z.object({ current_password: z.string().min(1).max(200), new_password: passwordSchema });

export const POST = route({ access: 'user', allowUnapproved: true, body: schema }, async ({ user, body, req }) => {
  await changePassword(user.id, body.current_password, body.new_password);
  // Every session ended with the change; keep this one signed in.
  return jsonWithCookie({ status: 'password_changed' }, await createSession(user.id, req.headers.get('user-agent')));
});
