import { signUp } from '@/server/auth/local';
import { signUpSchema } from '@/server/auth/schemas';
import { route } from '@/server/http/route';

/**
 * The same answer whether the address already has an account or not, and no
 * session: the mailed link confirms the address, then the person signs in.
 */
export const POST = route({ access: 'public', body: signUpSchema }, async ({ body }) => {
  await signUp(body);
  return Response.json(
    { status: 'check_your_email', detail: 'Check your inbox: we sent a link to confirm the address. Then sign in.' },
    { status: 202 },
  );
});
