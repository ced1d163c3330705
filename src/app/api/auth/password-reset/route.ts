import { z } from 'zod';
import { requestLocale } from '@/i18n/negotiate';
import { serverTranslator } from '@/i18n/messages';
import { requestPasswordReset } from '@/server/auth/local';
import { emailSchema } from '@/server/auth/schemas';
import { route } from '@/server/http/route';

export const POST = route({ access: 'public', body: z.object({ email: emailSchema }) }, async ({ body, req }) => {
  await requestPasswordReset(body.email, requestLocale(undefined, req.headers));
  return { status: 'sent', detail: serverTranslator(requestLocale(undefined, req.headers))('auth.resetSent') };
});
