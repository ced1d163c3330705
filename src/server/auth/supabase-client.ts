import { createServerClient, type CookieMethodsServer } from '@supabase/ssr';
import { getConfig } from '@/server/config';
import { AppError } from '@/server/http/errors';

/**
 * A Supabase client whose session lives in the cookies the caller hands over
 * (request cookies to read, response cookies to write). Server-side only; it
 * never decides who a user is: that is `userFromSupabaseJwt`.
 */
export function supabaseServerClient(cookies: Required<Pick<CookieMethodsServer, 'getAll' | 'setAll'>>) {
  const auth = getConfig().auth;
  if (auth.mode !== 'supabase') {
    throw new AppError(404, 'supabase_auth_disabled', 'This installation uses local accounts, not Supabase');
  }
  return createServerClient(auth.url, auth.anonKey, { cookies });
}
