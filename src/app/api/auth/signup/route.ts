import { requestLocale } from '@/i18n/negotiate';
import { serverTranslator } from '@/i18n/messages';
import { signUp } from '@/server/auth/local';
import { signUpSchema } from '@/server/auth/schemas';
import { route } from '@/server/http/route';

/**
 * The same answer whether the address already has an account or not, and no
 * session: the mailed link confirms the address, then the person signs in.
 */
export const POST = route({ access: 'public', body: signUpSchema }, async ({ body, req }) => {
  // The confirmation mail in the language the person signed up in.
  await signUp(body, requestLocale(undefined, req.headers));
  return Response.json(
    { status: 'check_your_email', detail: serverTranslator(requestLocale(undefined, req.headers))('auth.signUpSent') },
    { status: 202 },
  );
});
