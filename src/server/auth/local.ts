import { and, eq, gt, isNull } from 'drizzle-orm';
import { getConfig } from '@/server/config';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { authTokens, localCredentials, type User } from '@/server/db/schema';
import { AppError, badRequest, unauthorized } from '@/server/http/errors';
import { sendMail } from '@/server/mail/mailer';
import { getLogger } from '@/server/observability/logger';
import { createIdentityAndProfile, getUserByEmail, getUserById } from '@/server/users/users';
import { hashPassword, randomSecret, sha256Hex, verifyPassword } from './crypto';
import { destroyAllSessions } from './session';

type Purpose = 'verify_email' | 'reset_password';
const TOKEN_TTL_MS: Record<Purpose, number> = { verify_email: 48 * 3600_000, reset_password: 3600_000 };

// Verifying against this when the e-mail is unknown keeps sign-in timing uniform.
const DUMMY_HASH = hashPassword(randomSecret());

function assertLocalMode() {
  if (getConfig().auth.mode !== 'local') {
    throw new AppError(404, 'local_auth_disabled', 'This installation signs in through Supabase');
  }
}

async function issueToken(userId: string, purpose: Purpose): Promise<string> {
  const db = await getDb();
  const token = randomSecret(32);
  await db.insert(authTokens).values({
    userId,
    purpose,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(now().getTime() + TOKEN_TTL_MS[purpose]),
  });
  return token;
}

/** Marks a single-use token used and returns its user, or fails with one clear message. */
async function consumeToken(token: string, purpose: Purpose): Promise<string> {
  const db = await getDb();
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: now() })
    .where(
      and(
        eq(authTokens.tokenHash, sha256Hex(token)),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now()),
      ),
    )
    .returning({ userId: authTokens.userId });
  if (!row) throw badRequest('This link is invalid, expired or already used', 'invalid_token');
  return row.userId;
}

async function sendVerificationMail(user: Pick<User, 'id' | 'email'>): Promise<void> {
  const token = await issueToken(user.id, 'verify_email');
  await sendMail({
    to: user.email,
    subject: 'Confirm your EVConduit e-mail address',
    text: `Open this link to confirm your e-mail address:\n${getConfig().appUrl}/verify-email?token=${token}\n`,
  });
}

/** `emailVerified`: an operator vouches for the address (CLI), so no confirmation mail is sent. */
export async function signUp(
  input: { email: string; password: string; name?: string },
  options: { emailVerified?: boolean } = {},
): Promise<User> {
  assertLocalMode();
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  const emailVerifiedAt = options.emailVerified ? now() : null;
  const user = await db.transaction(async (tx) => {
    const created = await createIdentityAndProfile(tx, input);
    await tx.insert(localCredentials).values({ userId: created.id, passwordHash, emailVerifiedAt });
    return created;
  });
  if (!options.emailVerified) await sendVerificationMail(user);
  getLogger().info({ userId: user.id, role: user.role }, 'account created');
  return user;
}

export async function signIn(input: { email: string; password: string }): Promise<User> {
  assertLocalMode();
  const db = await getDb();
  const user = await getUserByEmail(input.email);
  const [credentials] = user
    ? await db.select().from(localCredentials).where(eq(localCredentials.userId, user.id))
    : [];
  const valid = await verifyPassword(input.password, credentials?.passwordHash ?? (await DUMMY_HASH));
  if (!user || !credentials || !valid) throw unauthorized('Wrong e-mail address or password');
  return user;
}

export async function resendVerification(userId: string): Promise<void> {
  assertLocalMode();
  const user = await getUserById(userId);
  if (user) await sendVerificationMail(user);
}

export async function verifyEmail(token: string): Promise<void> {
  assertLocalMode();
  const userId = await consumeToken(token, 'verify_email');
  const db = await getDb();
  await db.update(localCredentials).set({ emailVerifiedAt: now() }).where(eq(localCredentials.userId, userId));
}

export async function isEmailVerified(userId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ verifiedAt: localCredentials.emailVerifiedAt })
    .from(localCredentials)
    .where(eq(localCredentials.userId, userId));
  // Accounts without local credentials (Supabase) were verified by Supabase.
  return !row || row.verifiedAt !== null;
}

/** Always succeeds, so the answer does not tell whether an account exists. */
export async function requestPasswordReset(email: string): Promise<void> {
  assertLocalMode();
  const user = await getUserByEmail(email);
  if (!user) return;
  const token = await issueToken(user.id, 'reset_password');
  await sendMail({
    to: user.email,
    subject: 'Reset your EVConduit password',
    text: `Open this link within an hour to choose a new password:\n${getConfig().appUrl}/reset-password?token=${token}\n\nIf you did not ask for this, ignore this message.`,
  });
}

export async function resetPassword(token: string, password: string): Promise<void> {
  assertLocalMode();
  const userId = await consumeToken(token, 'reset_password');
  await setPassword(userId, password);
  // A reset link proves control of the address.
  const db = await getDb();
  await db.update(localCredentials).set({ emailVerifiedAt: now() }).where(eq(localCredentials.userId, userId));
}

export async function changePassword(userId: string, current: string, next: string): Promise<void> {
  assertLocalMode();
  const db = await getDb();
  const [credentials] = await db.select().from(localCredentials).where(eq(localCredentials.userId, userId));
  if (!credentials || !(await verifyPassword(current, credentials.passwordHash))) {
    throw new AppError(400, 'wrong_password', 'The current password is wrong');
  }
  await setPassword(userId, next);
}

/** Sets a password (also for operators through the CLI) and ends all sessions. */
export async function setPassword(userId: string, password: string): Promise<void> {
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  await db
    .insert(localCredentials)
    .values({ userId, passwordHash })
    .onConflictDoUpdate({ target: localCredentials.userId, set: { passwordHash, updatedAt: now() } });
  await destroyAllSessions(userId);
}
