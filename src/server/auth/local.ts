import type { Locale } from '@/i18n/locales';
import { serverTranslator } from '@/i18n/messages';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { getConfig } from '@/server/config';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { authTokens, localCredentials, type User } from '@/server/db/schema';
import { badRequest, translatedError, unauthorized } from '@/server/http/errors';
import { revokeAllApiKeys } from '@/server/apikeys/apikeys';
import { emit } from '@/server/events/domain-events';
import { sendMail } from '@/server/mail/mailer';
import { getLogger } from '@/server/observability/logger';
import { createIdentityAndProfile, getUserByEmail, getUserById } from '@/server/users/users';
import { hashPassword, randomSecret, sha256Hex, verifyPassword } from './crypto';
import { assertStrongPassword } from './password-strength';
import { releaseAttempt, resetCounter, takeAttempt, tooManyAttempts, type RateLimit } from './rate-limits';
import { destroyAllSessions } from './session';

type Purpose = 'verify_email' | 'reset_password';
const TOKEN_TTL_MS: Record<Purpose, number> = { verify_email: 48 * 3600_000, reset_password: 3600_000 };

// Verifying against this when the e-mail is unknown keeps sign-in timing uniform.
const DUMMY_HASH = hashPassword(randomSecret());

const MINUTE_MS = 60_000;
/**
 * Guessing one account's password from one address: back-off from the fifth
 * failure, 30 s doubling up to 15 min, forgotten on success or after an hour.
 * Keyed by address too, so a guesser never locks the owner out elsewhere.
 */
const SIGN_IN_PER_ACCOUNT_AND_ADDRESS: RateLimit = {
  bucket: 'sign_in_failures_per_account_and_address',
  limit: 5,
  windowMs: 30_000,
  backoff: { maxWaitMs: 15 * MINUTE_MS, forgetAfterMs: 60 * MINUTE_MS },
};
/** Guessing one account from many addresses: at most 15 minutes at a time. */
const SIGN_IN_PER_ACCOUNT: RateLimit = { bucket: 'sign_in_failures_per_account', limit: 50, windowMs: 15 * MINUTE_MS };
/** One address trying many accounts. */
const SIGN_IN_PER_ADDRESS: RateLimit = { bucket: 'sign_in_failures_per_address', limit: 30, windowMs: 15 * MINUTE_MS };
/** Someone holding a session guessing its password (to change it): the same back-off as sign-in, per account. */
const PASSWORD_CHECKS_PER_ACCOUNT: RateLimit = { ...SIGN_IN_PER_ACCOUNT_AND_ADDRESS, bucket: 'password_change_failures_per_account' };
/** Verification, reset and "someone tried to sign up" mails to one address; beyond it they are dropped silently. */
const MAILS_PER_RECIPIENT: RateLimit = { bucket: 'auth_mails_per_recipient', limit: 3, windowMs: 60 * MINUTE_MS };

function assertLocalMode() {
  if (getConfig().auth.mode !== 'local') {
    throw translatedError(404, 'local_auth_disabled', 'errors.auth.localDisabled');
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
  if (!row) throw badRequest('invalid_token', 'errors.auth.invalidLink');
  return row.userId;
}

/** Auth mails go through here: a mail beyond the recipient's limit is not sent, and the caller answers as if it were. */
async function sendAuthMail(to: string, compose: () => Promise<{ subject: string; text: string }>): Promise<void> {
  if (await takeAttempt(MAILS_PER_RECIPIENT, to.toLowerCase())) {
    getLogger().warn('auth mail not sent: too many to this address within an hour');
    return;
  }
  await sendMail({ to, ...(await compose()) });
}

/**
 * The language of a mail: the recipient's profile language, else the language
 * of the request that caused it (`requested`, when the recipient made it), else English.
 */
const mailT = (recipient: Pick<User, 'locale'>, requested?: Locale) => serverTranslator(recipient.locale ?? requested ?? 'en');

async function sendVerificationMail(user: Pick<User, 'id' | 'email' | 'locale'>, requested?: Locale): Promise<void> {
  const t = mailT(user, requested);
  await sendAuthMail(user.email, async () => ({
    subject: t('mail.verifySubject'),
    text: t('mail.verifyText', { link: `${getConfig().appUrl}/verify-email?token=${await issueToken(user.id, 'verify_email')}` }),
  }));
}

interface SignUpInput {
  email: string;
  password: string;
  name?: string;
}

/**
 * Sign-up from the web: answers the same whether the address is taken or not
 * (the caller learns nothing); the address's owner gets a mail either way,
 * a confirmation link for a new account or a notice for an existing one.
 */
export async function signUp(input: SignUpInput, requested?: Locale): Promise<void> {
  assertLocalMode();
  // Before the lookup, so a weak password is refused alike for taken and free addresses.
  await assertStrongPassword(input.password, { userInputs: [input.email, input.name] });
  const existing = await getUserByEmail(input.email);
  if (!existing) {
    await insertLocalAccount(input, {}, requested);
    return;
  }
  await hashPassword(input.password); // the same work as a new account, so timing tells nothing either
  const appUrl = getConfig().appUrl;
  // Someone else may have asked: the owner's language, not the asker's.
  const t = mailT(existing);
  await sendAuthMail(existing.email, async () => ({
    subject: t('mail.takenSubject'),
    text: t('mail.takenText', { signIn: `${appUrl}/signin`, forgot: `${appUrl}/forgot-password` }),
  }));
}

/** `emailVerified`: an operator vouches for the address (CLI), so no confirmation mail is sent. */
export async function createLocalAccount(input: SignUpInput, options: { emailVerified?: boolean } = {}): Promise<User> {
  assertLocalMode();
  await assertStrongPassword(input.password, { userInputs: [input.email, input.name] });
  return insertLocalAccount(input, options);
}

async function insertLocalAccount(input: SignUpInput, options: { emailVerified?: boolean } = {}, requested?: Locale): Promise<User> {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  const emailVerifiedAt = options.emailVerified ? now() : null;
  const user = await db.transaction(async (tx) => {
    const created = await createIdentityAndProfile(tx, input);
    await tx.insert(localCredentials).values({ userId: created.id, passwordHash, emailVerifiedAt });
    return created;
  });
  if (!options.emailVerified) await sendVerificationMail(user, requested);
  getLogger().info({ userId: user.id, role: user.role }, 'account created');
  return user;
}

/**
 * Counts a sign-in attempt against every limit before the password is
 * checked (so concurrent guesses cannot slip past a limit), or refuses it
 * with 429 and counts nothing.
 */
async function takeSignInAttempt(email: string, clientKey: string) {
  const limits = [
    { policy: SIGN_IN_PER_ACCOUNT_AND_ADDRESS, key: `${email}|${clientKey}` },
    { policy: SIGN_IN_PER_ACCOUNT, key: email },
    { policy: SIGN_IN_PER_ADDRESS, key: clientKey },
  ];
  for (const [taken, { policy, key }] of limits.entries()) {
    const refusedUntil = await takeAttempt(policy, key);
    if (!refusedUntil) continue;
    await Promise.all(limits.slice(0, taken).map((limit) => releaseAttempt(limit.policy, limit.key)));
    throw tooManyAttempts(refusedUntil, now());
  }
  return limits;
}

/**
 * Refused with 429 while a limit on guessing holds, even with the right
 * password (else the limit would not slow a guesser down). Unknown addresses
 * are counted like known ones, so the limits tell nothing either. A success
 * takes its attempt back and ends the back-off.
 */
export async function signIn(input: { email: string; password: string }, clientKey: string): Promise<User> {
  assertLocalMode();
  const [accountAndAddress, ...others] = await takeSignInAttempt(input.email, clientKey);
  const db = await getDb();
  const user = await getUserByEmail(input.email);
  const [credentials] = user
    ? await db.select().from(localCredentials).where(eq(localCredentials.userId, user.id))
    : [];
  const valid = await verifyPassword(input.password, credentials?.passwordHash ?? (await DUMMY_HASH));
  if (!user || !credentials || !valid) throw unauthorized('errors.auth.wrongCredentials');
  await Promise.all([
    resetCounter(accountAndAddress.policy, accountAndAddress.key),
    ...others.map(({ policy, key }) => releaseAttempt(policy, key)),
  ]);
  return user;
}

export async function resendVerification(userId: string, requested?: Locale): Promise<void> {
  assertLocalMode();
  const user = await getUserById(userId);
  if (user) await sendVerificationMail(user, requested);
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
export async function requestPasswordReset(email: string, requested?: Locale): Promise<void> {
  assertLocalMode();
  const user = await getUserByEmail(email);
  if (!user) return;
  const t = mailT(user, requested);
  await sendAuthMail(user.email, async () => ({
    subject: t('mail.resetSubject'),
    text: t('mail.resetText', { link: `${getConfig().appUrl}/reset-password?token=${await issueToken(user.id, 'reset_password')}` }),
  }));
}

/** `revokeApiKeys`: whoever knew the old password may have made keys; the form offers this, checked. */
export async function resetPassword(token: string, password: string, options: { revokeApiKeys: boolean }): Promise<void> {
  assertLocalMode();
  // Before the link is used up, so a refused password leaves it valid for another try.
  await assertStrongPassword(password);
  const userId = await consumeToken(token, 'reset_password');
  await storePassword(userId, password);
  if (options.revokeApiKeys) await revokeAllApiKeys(userId);
  // A reset link proves control of the address.
  const db = await getDb();
  await db.update(localCredentials).set({ emailVerifiedAt: now() }).where(eq(localCredentials.userId, userId));
}

export async function changePassword(userId: string, current: string, next: string): Promise<void> {
  assertLocalMode();
  const db = await getDb();
  const refusedUntil = await takeAttempt(PASSWORD_CHECKS_PER_ACCOUNT, userId);
  if (refusedUntil) throw tooManyAttempts(refusedUntil, now());
  const [credentials] = await db.select().from(localCredentials).where(eq(localCredentials.userId, userId));
  if (!credentials || !(await verifyPassword(current, credentials.passwordHash))) {
    throw translatedError(400, 'wrong_password', 'errors.auth.wrongPassword');
  }
  await resetCounter(PASSWORD_CHECKS_PER_ACCOUNT, userId);
  await setPassword(userId, next, 'new_password');
}

/** Sets a password if it is strong enough (also for operators through the CLI); `field`: where the request carried it. */
export async function setPassword(userId: string, password: string, field = 'password'): Promise<void> {
  const user = await getUserById(userId);
  await assertStrongPassword(password, { userInputs: [user?.email, user?.name], field });
  await storePassword(userId, password);
}

/** Ends all sessions and voids every reset link still out, so an older link cannot undo this change. */
async function storePassword(userId: string, password: string): Promise<void> {
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .insert(localCredentials)
      .values({ userId, passwordHash })
      .onConflictDoUpdate({ target: localCredentials.userId, set: { passwordHash, updatedAt: now() } });
    await tx
      .update(authTokens)
      .set({ usedAt: now() })
      .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, 'reset_password'), isNull(authTokens.usedAt)));
  });
  await destroyAllSessions(userId);
  emit({ type: 'user.changed', userId });
}
