/**
 * Plan allowances are exact under concurrency: N concurrent calls with M left
 * (allowance plus tokens) give exactly M successes, on PGlite and PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '@/server/clock';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { users, type User } from '@/server/db/schema';
import { AppError } from '@/server/http/errors';
import { DEFAULT_PLAN_LIMITS, setPlanLimits } from '@/server/plans/limits';
import { chargeCall, refundCall } from '@/server/usage/allowance';
import { takeBurstSlot } from '@/server/usage/burst';
import { getUsageSummary } from '@/server/usage/summary';
import { createIdentityAndProfile } from '@/server/users/users';
import { createTestDatabase } from '../helpers/postgres';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

function allowanceSuite(open: () => Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }>) {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let admin: User;

  const newUser = async (email: string, apiTokens = 0): Promise<User> => {
    const user = await handle.db.transaction((tx) => createIdentityAndProfile(tx, { email }));
    const [updated] = await handle.db.update(users).set({ apiTokens }).where(eq(users.id, user.id)).returning();
    return updated;
  };
  const outcomes = (results: PromiseSettledResult<unknown>[]) => ({
    ok: results.filter((r) => r.status === 'fulfilled').length,
    refused: results.filter((r) => r.status === 'rejected' && (r.reason as AppError).status === 429).length,
  });

  beforeAll(async () => {
    ({ handle, cleanup } = await open());
    await migrate(handle);
    admin = await newUser('admin@example.com');
    // Without Stripe everyone gets `tier_without_billing` (default pro); these tests count against the free plan.
    await setPlanLimits(admin.id, {
      ...DEFAULT_PLAN_LIMITS,
      free: { ...DEFAULT_PLAN_LIMITS.free, monthly_calls: 7 },
      tier_without_billing: 'free',
    });
  });
  afterAll(async () => {
    await closeDatabase();
    await cleanup?.();
  });

  it('lets exactly allowance + tokens of 40 concurrent calls through, then answers 429 with the reset date', async () => {
    const user = await newUser('busy@example.com', 5);
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => chargeCall(user)));
    expect(outcomes(results)).toEqual({ ok: 12, refused: 28 });

    const charges = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(charges.filter((c) => c.paidWith === 'allowance')).toHaveLength(7);
    expect(charges.filter((c) => c.paidWith === 'token')).toHaveLength(5);
    const [after] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(after.apiTokens).toBe(0);
    const summary = await getUsageSummary(after);
    expect(summary).toMatchObject({ current_calls: 7, max_calls: 7, tokens_spent: 5, api_tokens: 0, tier: 'free' });

    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    const error = refused.reason as AppError;
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.detail).toMatch(/^Rate limit exceeded for free tier\./);
    expect(error.headers['X-RateLimit-Remaining']).toBe('0');
    expect(Number(error.headers['Retry-After'])).toBeGreaterThan(0);
    expect(summary.resets_at).toBe(new Date(Number(error.headers['X-RateLimit-Reset']) * 1000).toISOString());
  });

  it('refunds a failed call to where it came from', async () => {
    const user = await newUser('refund@example.com', 1);
    const charges = [];
    for (let i = 0; i < 8; i++) charges.push(await chargeCall(user));
    expect(charges.at(-1)?.paidWith).toBe('token');
    await Promise.all([refundCall(charges[0]), refundCall(charges[7])]);
    const [after] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(after.apiTokens).toBe(1);
    expect(await getUsageSummary(after)).toMatchObject({ current_calls: 6, tokens_spent: 0 });
  });

  it('starts a fresh allowance in the next calendar month', async () => {
    const user = await newUser('monthly@example.com');
    const restore = setClock(() => new Date('2031-01-31T23:59:00Z'));
    try {
      await Promise.all(Array.from({ length: 7 }, () => chargeCall(user)));
      await expect(chargeCall(user)).rejects.toMatchObject({ status: 429 });
    } finally {
      restore();
    }
    const restoreFeb = setClock(() => new Date('2031-02-01T00:00:30Z'));
    try {
      expect((await chargeCall(user)).remaining).toBe(6);
      expect(await getUsageSummary(user)).toMatchObject({ current_calls: 1, period_start: '2031-02-01', resets_at: '2031-03-01T00:00:00.000Z' });
    } finally {
      restoreFeb();
    }
  });

  it('counts a running Pro trial as Pro', async () => {
    const user = await newUser('trial@example.com');
    const [trial] = await handle.db
      .update(users)
      .set({ trialEndsAt: new Date(Date.now() + 86_400_000) })
      .where(eq(users.id, user.id))
      .returning();
    const charge = await chargeCall(trial);
    expect(charge).toMatchObject({ tier: 'pro', limit: DEFAULT_PLAN_LIMITS.pro.monthly_calls });
  });
}

describe('allowances on PGlite', () => {
  allowanceSuite(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
    const handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
    return { handle, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  });
});

describe.skipIf(!TEST_DATABASE_URL)('allowances on PostgreSQL (TEST_DATABASE_URL)', () => {
  allowanceSuite(async () => {
    const database = await createTestDatabase(TEST_DATABASE_URL!);
    const handle = await openDatabase(parseConfig({ DATABASE_URL: database.url, DATABASE_POOL_MAX: '20' }));
    return { handle, cleanup: () => database.drop() };
  });
});

describe('burst limit', () => {
  it('allows the configured calls a minute per key, then 429 with Retry-After until the minute is over', () => {
    let at = Date.parse('2031-05-01T10:00:00Z');
    const restore = setClock(() => new Date(at));
    try {
      for (let i = 0; i < 3; i++) takeBurstSlot('key-a', 3);
      expect(() => takeBurstSlot('key-a', 3)).toThrow(/3 calls a minute/);
      takeBurstSlot('key-b', 3); // another key is unaffected
      at += 40_000;
      try {
        takeBurstSlot('key-a', 3);
        throw new Error('expected a 429');
      } catch (error) {
        expect((error as AppError).status).toBe(429);
        expect((error as AppError).headers['Retry-After']).toBe('20');
      }
      at += 20_000;
      takeBurstSlot('key-a', 3);
    } finally {
      restore();
    }
  });
});
