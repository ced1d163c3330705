import { cookies, headers } from 'next/headers';
import { getConfig } from '@/server/config';
import type { User } from '@/server/db/schema';
import { unauthorized } from '@/server/http/errors';
import { clientKeyOf } from '@/server/http/client-address';
import { authenticateApiKey, refuseUnknownApiKey, type ApiKeyScope } from '@/server/apikeys/apikeys';
import { SESSION_COOKIE, userFromSessionCookie } from './session';
import { userFromSupabaseCookies, userFromSupabaseJwt } from './supabase';

export interface AuthContext {
  user: User;
  method: 'session' | 'api_key' | 'supabase';
  apiKeyId?: string;
  /** Set for `api_key`: which routes the key may call (see `route()`'s `keyScope`). */
  apiKeyScope?: ApiKeyScope;
}

export interface CookieReader {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string; value: string }[];
}

const looksLikeJwt = (token: string) => /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(token);

/**
 * Who is calling: an `Authorization: Bearer` API key (or Supabase access
 * token), else the session cookie of the configured auth mode. A present but
 * bad Authorization header is an error, never a fallback to cookies.
 */
export async function authenticate(requestHeaders: Headers, cookieStore: CookieReader): Promise<AuthContext | undefined> {
  const authorization = requestHeaders.get('authorization');
  const config = getConfig();
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized('errors.auth.badAuthorizationHeader');
    const token = match[1];
    if (config.auth.mode === 'supabase' && looksLikeJwt(token)) {
      const user = await userFromSupabaseJwt(token);
      if (!user) throw unauthorized('errors.auth.invalidAccessToken');
      return { user, method: 'supabase' };
    }
    const found = await authenticateApiKey(token);
    if (!found) return refuseUnknownApiKey(clientKeyOf(requestHeaders));
    return { user: found.user, method: 'api_key', apiKeyId: found.keyId, apiKeyScope: found.scope };
  }
  if (config.auth.mode === 'supabase') {
    const user = await userFromSupabaseCookies(cookieStore);
    return user ? { user, method: 'supabase' } : undefined;
  }
  const user = await userFromSessionCookie(cookieStore.get(SESSION_COOKIE)?.value);
  return user ? { user, method: 'session' } : undefined;
}

/**
 * The signed-in person of the current page or layout, if any. Pages are for
 * people: an API key (of any scope) is no sign-in here, or a Home Assistant
 * key of an administrator could read the admin pages.
 */
export async function getCurrentUser(): Promise<User | undefined> {
  try {
    const auth = await authenticate(await headers(), await cookies());
    return auth?.method === 'api_key' ? undefined : auth?.user;
  } catch {
    return undefined;
  }
}
