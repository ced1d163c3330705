import type { User } from '@/server/db/schema';
import type { CookieReader } from './current-user';

// Supabase mode is being completed in its own change; until then it authenticates nobody.
export async function userFromSupabaseJwt(token: string): Promise<User | undefined> {
  void token;
  return undefined;
}

export async function userFromSupabaseCookies(cookieStore: CookieReader): Promise<User | undefined> {
  void cookieStore;
  return undefined;
}
