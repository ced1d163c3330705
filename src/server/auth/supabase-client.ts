import type { CookieMethodsServer } from '@supabase/ssr';
import { getConfig } from '@/server/config';
import { translatedError } from '@/server/http/errors';

/**
 * A Supabase client whose session lives in the cookies the caller hands over
 * (request cookies to read, response cookies to write). Server-side only; it
 * never decides who a user is: that is `userFromSupabaseJwt`.
 *
 * The SDK is loaded only when Supabase is configured: on Node 20 it prints a
 * deprecation warning as it loads, which an installation with local accounts
 * (the default) has no reason to show.
 */
export async function supabaseServerClient(cookies: Required<Pick<CookieMethodsServer, 'getAll' | 'setAll'>>) {
  const auth = getConfig().auth;
  if (auth.mode !== 'supabase') {
    throw translatedError(404, 'supabase_auth_disabled', 'errors.auth.supabaseDisabled');
  }
  const { createServerClient } = await import('@supabase/ssr');
  return createServerClient(auth.url, auth.anonKey, { cookies });
}
