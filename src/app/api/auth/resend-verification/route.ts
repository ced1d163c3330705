import { resendVerification } from '@/server/auth/local';
import { route } from '@/server/http/route';

export const POST = route({ access: 'user', allowUnapproved: true }, async ({ user }) => {
  await resendVerification(user.id);
  return { status: 'sent' };
});
