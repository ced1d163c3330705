import { sql } from 'drizzle-orm';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors } from 'jose';
import type { NextResponse } from 'next/server';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, resultRows, type Tx } from '@/server/db/client';
import type { User } from '@/server/db/schema';
import { conflict, forbidden, translatedError } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { getUserById, insertUserProfile } from '@/server/users/users';
import type { CookieReader } from './current-user';
import { nameSchema } from './schemas';
import { supabaseServerClient } from './supabase-client';
import { processState } from '@/server/runtime';

const claimsSchema = z.object({
  sub: z.uuid(),
  // Phone-only and anonymous Supabase users carry an empty e-mail claim.
  email: z.string().optional(),
  user_metadata: z.object({ full_name: z.unknown(), name: z.unknown() }).partial().optional(),
});
type SupabaseClaims = z.infer<typeof claimsSchema>;

// Failures that mean "this token is not valid", as opposed to "the key set could not be loaded".
const TOKEN_REJECTED = new Set([
  joseErrors.JWTExpired.code,
  joseErrors.JWTClaimValidationFailed.code,
  joseErrors.JWTInvalid.code,
  joseErrors.JWSInvalid.code,
  joseErrors.JWSSignatureVerificationFailed.code,
  joseErrors.JOSEAlgNotAllowed.code,
  joseErrors.JOSENotSupported.code,
  joseErrors.JWKSNoMatchingKey.code,
  joseErrors.JWKSMultipleMatchingKeys.code,
]);

type KeySet = { url: string; keys: ReturnType<typeof createRemoteJWKSet> };
// Next's page and route bundles load separate copies of this module: share one key set.
const keySetHolder: { current?: KeySet } = processState<{ current?: KeySet }>('supabaseKeys', () => ({}));

/** Supabase's public signing keys, fetched once and re-fetched by jose when an unknown key id shows up. */
function signingKeys(url: string) {
  if (keySetHolder.current?.url !== url) keySetHolder.current = { url, keys: createRemoteJWKSet(new URL(url)) };
  return keySetHolder.current.keys;
}

async function verifiedClaims(token: string): Promise<SupabaseClaims | undefined> {
  const auth = getConfig().auth;
  if (auth.mode !== 'supabase') return undefined;
  try {
    const { payload } = await jwtVerify(token, signingKeys(auth.jwksUrl), {
      issuer: auth.issuer,
      audience: 'authenticated',
      algorithms: ['ES256', 'RS256'],
      requiredClaims: ['exp', 'sub'],
      currentDate: now(),
    });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? claims.data : undefined;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError && TOKEN_REJECTED.has(error.code)) return undefined;
    getLogger().error({ err: error, jwksUrl: auth.jwksUrl }, 'loading the Supabase signing keys failed');
    throw translatedError(503, 'auth_unavailable', 'errors.auth.unavailable');
  }
}

function profileName(claims: SupabaseClaims): string | null {
  const name = nameSchema.safeParse(claims.user_metadata?.full_name ?? claims.user_metadata?.name);
  return name.success ? name.data : null;
}

/** True on plain Postgres/PGlite, where supabase/local-bootstrap.sql stands in for Supabase's auth schema. */
async function hasAuthStandIn(tx: Tx): Promise<boolean> {
  const result = await tx.execute(sql`select to_regclass('auth.evconduit_shim') is not null as present`);
  return resultRows<{ present: boolean }>(result)[0]?.present === true;
}

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error &&
  ((error as { code?: string }).code === '23505' || isUniqueViolation((error as { cause?: unknown }).cause));

/** The profile of a Supabase user, created the first time the user shows up. */
async function profileFor(claims: SupabaseClaims): Promise<User> {
  const existing = await getUserById(claims.sub);
  if (existing) return existing;
  if (!claims.email) throw forbidden('email_required', 'errors.auth.emailRequired');
  const identity = { id: claims.sub, email: claims.email, name: profileName(claims) };
  const db = await getDb();
  try {
    const user = await db.transaction(async (tx) => {
      // Real Supabase already holds the identity; the stand-in needs it for the profile's foreign key.
      if (await hasAuthStandIn(tx)) {
        await tx.execute(
          sql`insert into auth.users (id, email) values (${identity.id}, ${identity.email}) on conflict (id) do nothing`,
        );
      }
      return insertUserProfile(tx, identity);
    });
    getLogger().info({ userId: user.id, role: user.role }, 'account created from Supabase sign-in');
    return user;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent first request created the profile a moment earlier.
    const created = await getUserById(claims.sub);
    if (created) return created;
    throw conflict('email_taken', 'errors.auth.emailUsedByAnother');
  }
}

/**
 * The user behind a Supabase access token (signature against the project's
 * JWKS, issuer, audience, expiry on the app clock), or undefined when the
 * token is not valid. The one verification path for Bearer tokens and cookies.
 */
export async function userFromSupabaseJwt(token: string): Promise<User | undefined> {
  const claims = await verifiedClaims(token);
  return claims ? profileFor(claims) : undefined;
}

/** The user of the Supabase session in the request cookies (kept fresh by src/proxy.ts). */
export async function userFromSupabaseCookies(cookieStore: CookieReader): Promise<User | undefined> {
  const supabase = await supabaseServerClient({
    getAll: () => cookieStore.getAll(),
    setAll: () => {}, // only reading here; proxy.ts writes refreshed cookies
  });
  // getSession() only unpacks the cookie; userFromSupabaseJwt decides whether to trust it.
  const { data } = await supabase.auth.getSession();
  return data.session ? userFromSupabaseJwt(data.session.access_token) : undefined;
}

/** Ends this device's Supabase session and clears its cookies on `response`. */
export async function signOutOfSupabase(requestCookies: CookieReader, response: NextResponse): Promise<void> {
  const supabase = await supabaseServerClient({
    getAll: () => requestCookies.getAll(),
    setAll: (cookies) => cookies.forEach(({ name, value, options }) => response.cookies.set(name, value, options)),
  });
  // With scope 'local' the SDK clears this device's session before it calls Supabase, so an error
  // here only means the refresh token could not be revoked server-side.
  const { error } = await supabase.auth.signOut({ scope: 'local' });
  if (error) getLogger().warn({ err: error }, 'revoking the Supabase session failed');
}

/** Where a post-sign-in redirect may go: a path on this site, never another origin. */
export function safeRedirectPath(next: string | null, fallback = '/dashboard'): string {
  if (!next?.startsWith('/')) return fallback;
  const base = 'http://evconduit.invalid';
  const target = new URL(next, base);
  return target.origin === base ? `${target.pathname}${target.search}${target.hash}` : fallback;
}

/**
 * Finishes a magic-link or OAuth sign-in (PKCE): trades the one-time code for
 * a session in the response cookies and returns the path to continue to.
 */
export async function completeSupabaseSignIn(
  params: URLSearchParams,
  cookieStore: CookieReader & { set(name: string, value: string, options: object): unknown },
): Promise<string> {
  const next = safeRedirectPath(params.get('next'));
  const code = params.get('code');
  const failure = (message: string) => `/signin?error=${encodeURIComponent(message)}`;
  if (!code) return failure(params.get('error_description') ?? 'The sign-in link is incomplete');
  const supabase = await supabaseServerClient({
    getAll: () => cookieStore.getAll(),
    setAll: (cookies) => cookies.forEach(({ name, value, options }) => cookieStore.set(name, value, options)),
  });
  // With several sign-ins in flight, the flow id picks the verifier of the one this link belongs to.
  const flowId = params.get('sb_flow_id');
  const { error } = await supabase.auth.exchangeCodeForSession(code, flowId ? { flowId } : undefined);
  return error ? failure(error.message) : next;
}
