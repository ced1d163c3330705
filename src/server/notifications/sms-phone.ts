/**
 * A user's SMS number, verified by a code we text to it before any
 * notification goes there (so nobody can have us text someone else's
 * number). The code is 6 digits, kept only as a hash bound to the user and
 * the number, valid 10 minutes, 5 wrong guesses end it. Sending codes is
 * limited per user and per number with the shared rate-limit counters.
 * Verification texts are free: they cost no SMS credit (the limits keep
 * their cost small).
 */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { constantTimeEqual, sha256Hex } from '@/server/auth/crypto';
import { takeAttempt, tooManyAttempts, type RateLimit } from '@/server/auth/rate-limits';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { smsPhones } from '@/server/db/schema';
import { badRequest, conflict, translatedError } from '@/server/http/errors';
import { requireSms, sendSms } from './channels/sms';

const CODE_TTL_MS = 10 * 60_000;
const MAX_GUESSES = 5;
const CODES_PER_USER: RateLimit = { bucket: 'sms_code_user', limit: 5, windowMs: 3_600_000 };
const CODES_PER_NUMBER: RateLimit = { bucket: 'sms_code_number', limit: 5, windowMs: 24 * 3_600_000 };

/** A mobile number in international format, turned into E.164. */
export const phoneSchema = z
  .string()
  .trim()
  .max(32)
  .transform((value, ctx) => {
    const parsed = parsePhoneNumberFromString(value);
    if (!value.startsWith('+') || !parsed?.isValid()) {
      ctx.addIssue({ code: 'custom', message: 'Enter a mobile number in international format, such as +44 7700 900123' });
      return z.NEVER;
    }
    return parsed.number;
  });

export const codeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code from the SMS');

const hashCode = (userId: string, phone: string, code: string) => sha256Hex(`${userId}:${phone}:${code}`);

export interface SmsPhoneView {
  phone: string | null;
  verified_at: string | null;
  pending_phone: string | null;
  code_expires_at: string | null;
}

export async function smsPhoneView(userId: string): Promise<SmsPhoneView> {
  const db = await getDb();
  const [row] = await db.select().from(smsPhones).where(eq(smsPhones.userId, userId));
  const pending = row?.pendingPhone && row.codeExpiresAt && row.codeExpiresAt > now() ? row : undefined;
  return {
    phone: row?.phone ?? null,
    verified_at: row?.verifiedAt?.toISOString() ?? null,
    pending_phone: pending?.pendingPhone ?? null,
    code_expires_at: pending?.codeExpiresAt?.toISOString() ?? null,
  };
}

/** Texts a code to `phone` (E.164); the number becomes the user's once the code comes back. */
export async function startPhoneVerification(userId: string, phone: string): Promise<SmsPhoneView> {
  requireSms();
  for (const [policy, key] of [
    [CODES_PER_USER, userId],
    [CODES_PER_NUMBER, phone],
  ] as const) {
    const until = await takeAttempt(policy, key);
    if (until) throw tooManyAttempts(until, now());
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const at = now();
  const values = {
    pendingPhone: phone,
    codeHash: hashCode(userId, phone, code),
    codeExpiresAt: new Date(at.getTime() + CODE_TTL_MS),
    codeFailures: 0,
    updatedAt: at,
  };
  const db = await getDb();
  // Stored before it is sent: a code that arrives always works.
  await db.insert(smsPhones).values({ userId, ...values }).onConflictDoUpdate({ target: smsPhones.userId, set: values });
  const outcome = await sendSms(phone, `${code} is your EVConduit verification code. It expires in 10 minutes.`);
  if (outcome.kind !== 'sent') {
    await db.update(smsPhones).set({ pendingPhone: null, codeHash: null, codeExpiresAt: null }).where(eq(smsPhones.userId, userId));
    if (outcome.kind === 'failed' && outcome.refund) {
      throw translatedError(422, 'sms_refused', 'errors.sms.refused', { reason: outcome.error }, { field: 'body.phone' });
    }
    throw translatedError(502, 'sms_failed', 'errors.sms.failed', { reason: outcome.error });
  }
  return smsPhoneView(userId);
}

/** Checks the code (constant time); right: the pending number becomes the verified one. */
export async function confirmPhone(userId: string, code: string): Promise<SmsPhoneView> {
  requireSms();
  const db = await getDb();
  const at = now();
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(smsPhones).where(eq(smsPhones.userId, userId)).for('update');
    if (!row?.pendingPhone || !row.codeHash || !row.codeExpiresAt) throw conflict('no_code_pending', 'errors.sms.noCodePending');
    if (row.codeExpiresAt <= at) throw badRequest('code_expired', 'errors.sms.codeExpired');
    if (!constantTimeEqual(hashCode(userId, row.pendingPhone, code), row.codeHash)) {
      const failures = row.codeFailures + 1;
      // The last wrong guess ends the code; a new one must be asked for (and counts against the send limits).
      await tx
        .update(smsPhones)
        .set(failures >= MAX_GUESSES ? { codeFailures: failures, codeHash: null, codeExpiresAt: null, pendingPhone: null } : { codeFailures: failures })
        .where(eq(smsPhones.userId, userId));
      return failures;
    }
    await tx
      .update(smsPhones)
      .set({ phone: row.pendingPhone, verifiedAt: at, pendingPhone: null, codeHash: null, codeExpiresAt: null, codeFailures: 0, updatedAt: at })
      .where(eq(smsPhones.userId, userId));
    return 0;
  }).then((failures) => {
    if (failures === 0) return;
    const left = MAX_GUESSES - failures;
    const [key, params] = left > 0 ? (['errors.sms.wrongCode', { left }] as const) : (['errors.sms.wrongCodeLast', undefined] as const);
    throw translatedError(422, 'wrong_code', key, params, { field: 'body.code' });
  });
  return smsPhoneView(userId);
}

/** Forgets the number (verified and pending): no SMS goes out any more. */
export async function removePhone(userId: string): Promise<SmsPhoneView> {
  const db = await getDb();
  await db.delete(smsPhones).where(eq(smsPhones.userId, userId));
  return smsPhoneView(userId);
}
