import { and, eq, gt } from 'drizzle-orm';
import { jwtVerify, SignJWT } from 'jose';
import { getConfig } from '@/server/config';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { sessions, users, type User } from '@/server/db/schema';
import { randomSecret } from './crypto';
import { getOrCreateSetting } from '@/server/settings/store';

export const SESSION_COOKIE = 'evc_session';
export const SESSION_TTL_S = 30 * 24 * 3600;

let secretKey: Uint8Array | undefined;

/** SESSION_SECRET, or one generated once per installation and kept in the database. */
async function sessionKey(): Promise<Uint8Array> {
  if (!secretKey) {
    const secret = getConfig().sessionSecret ?? (await getOrCreateSetting('session_secret', () => randomSecret(48)));
    secretKey = new TextEncoder().encode(secret);
  }
  return secretKey;
}

export interface CookieSpec {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/'; maxAge: number };
}

function cookieSpec(value: string, maxAge: number): CookieSpec {
  return {
    name: SESSION_COOKIE,
    value,
    options: { httpOnly: true, sameSite: 'lax', secure: getConfig().appUrl.startsWith('https:'), path: '/', maxAge },
  };
}

/** Starts a session row and returns the signed cookie that names it. */
export async function createSession(userId: string, userAgent?: string | null): Promise<CookieSpec> {
  const db = await getDb();
  const expiresAt = new Date(now().getTime() + SESSION_TTL_S * 1000);
  const [session] = await db
    .insert(sessions)
    .values({ userId, expiresAt, userAgent: userAgent?.slice(0, 300) })
    .returning({ id: sessions.id });
  const token = await new SignJWT({ sid: session.id })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await sessionKey());
  return cookieSpec(token, SESSION_TTL_S);
}

export const clearedSessionCookie = () => cookieSpec('', 0);

async function sessionIdFrom(token: string): Promise<{ sid: string; sub: string } | undefined> {
  try {
    const { payload } = await jwtVerify(token, await sessionKey(), { algorithms: ['HS256'], currentDate: now() });
    return typeof payload.sid === 'string' && payload.sub ? { sid: payload.sid, sub: payload.sub } : undefined;
  } catch {
    return undefined;
  }
}

/** The user of a valid, unexpired, not signed-out session cookie. */
export async function userFromSessionCookie(token: string | undefined): Promise<User | undefined> {
  if (!token) return undefined;
  const claims = await sessionIdFrom(token);
  if (!claims) return undefined;
  const db = await getDb();
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, claims.sid), eq(sessions.userId, claims.sub), gt(sessions.expiresAt, now())));
  return row?.user;
}

export async function destroySession(token: string | undefined): Promise<void> {
  const claims = token ? await sessionIdFrom(token) : undefined;
  if (!claims) return;
  const db = await getDb();
  await db.delete(sessions).where(eq(sessions.id, claims.sid));
}

/** Ends every session of a user (password change or reset). */
export async function destroyAllSessions(userId: string): Promise<void> {
  const db = await getDb();
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
