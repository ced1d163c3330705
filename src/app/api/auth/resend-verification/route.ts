import { requestLocale } from '@/i18n/negotiate';
import { resendVerification } from '@/server/auth/local';
import { route } from '@/server/http/route';

export const POST = route({ access: 'user', allowUnapproved: true }, async ({ user, req }) => {
  await resendVerification(user.id, requestLocale(user, req.headers));
  return { status: 'sent' };
});
