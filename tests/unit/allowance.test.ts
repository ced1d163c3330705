/**
 * Plan allowances are exact under concurrency: N concurrent calls with M left
 * (allowance plus tokens) give exactly M successes, on PGlite and PostgreSQL;
 * the burst limit per key is counted in the same transaction.
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
import { getUsageSummary } from '@/server/usage/summary';
import { createIdentityAndProfile } from '@/server/users/users';
import { createApiKey } from '@/server/apikeys/apikeys';
import { registerSubscribers } from '@/server/events/subscribers';
import { createTestDatabase } from '../helpers/postgres';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

function allowanceSuite(open: () => Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }>) {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let admin: User;

  /** Each test user has one key (`keys`), which its calls are made with. */
  const keys = new Map<string, string>();
  const newUser = async (email: string, apiTokens = 0): Promise<User> => {
    const user = await handle.db.transaction((tx) => createIdentityAndProfile(tx, { email }));
    const [updated] = await handle.db.update(users).set({ apiTokens }).where(eq(users.id, user.id)).returning();
    keys.set(user.id, (await createApiKey(user.id, { name: 'test', scope: 'ha' })).id);
    return updated;
  };
  const call = (user: User, keyId = keys.get(user.id)!) => chargeCall(user, keyId);
  const outcomes = (results: PromiseSettledResult<unknown>[]) => ({
    ok: results.filter((r) => r.status === 'fulfilled').length,
    refused: results.filter((r) => r.status === 'rejected' && (r.reason as AppError).status === 429).length,
  });

  beforeAll(async () => {
    ({ handle, cleanup } = await open());
    await migrate(handle);
    registerSubscribers();
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
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => call(user)));
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
    for (let i = 0; i < 8; i++) charges.push(await call(user));
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
      await Promise.all(Array.from({ length: 7 }, () => call(user)));
      await expect(call(user)).rejects.toMatchObject({ status: 429 });
    } finally {
      restore();
    }
    const restoreFeb = setClock(() => new Date('2031-02-01T00:00:30Z'));
    try {
      expect((await call(user)).remaining).toBe(6);
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
    const charge = await call(trial);
    expect(charge).toMatchObject({ tier: 'pro', limit: DEFAULT_PLAN_LIMITS.pro.monthly_calls });
  });

  it('lets a key make the burst limit a minute, then 429 with Retry-After until its minute is over, spending nothing', async () => {
    const user = await newUser('burst@example.com', 10);
    const other = (await createApiKey(user.id, { name: 'other', scope: 'ha' })).id;
    await setPlanLimits(admin.id, { ...DEFAULT_PLAN_LIMITS, burst_per_minute: 3, tier_without_billing: 'pro' });
    let at = Date.parse('2031-05-01T10:00:00Z');
    const restore = setClock(() => new Date(at));
    try {
      const first = await Promise.allSettled(Array.from({ length: 5 }, () => call(user)));
      expect(outcomes(first)).toEqual({ ok: 3, refused: 2 });
      const refusal = (first.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as AppError;
      expect(refusal).toMatchObject({ status: 429, code: 'burst_limit_exceeded', headers: { 'Retry-After': '60' } });
      expect(refusal.detail).toMatch(/3 calls a minute/);
      await call(user, other); // another key is unaffected
      at += 40_000;
      await expect(call(user)).rejects.toMatchObject({ status: 429, code: 'burst_limit_exceeded', headers: { 'Retry-After': '20' } });
      expect((await getUsageSummary(user)).current_calls).toBe(4);
      at += 20_000;
      await call(user);
    } finally {
      restore();
      await setPlanLimits(admin.id, { ...DEFAULT_PLAN_LIMITS, free: { ...DEFAULT_PLAN_LIMITS.free, monthly_calls: 7 }, tier_without_billing: 'free' });
    }
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
