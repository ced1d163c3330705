import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNotLimited, countAttempt, resetCounter, type RateLimit } from '@/server/auth/rate-limits';
import { setClock } from '@/server/clock';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { AppError } from '@/server/http/errors';

const MINUTE_MS = 60_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
let at = Date.parse('2026-01-01T00:00:00Z');
let restoreClock: () => void;

beforeAll(async () => {
  restoreClock = setClock(() => new Date(at));
  await migrate(await openDatabase(parseConfig({ DATA_DIR: dataDir })));
});
afterAll(async () => {
  restoreClock();
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Seconds until the counter lets the next attempt through (0: it does now). */
async function waitS(policy: RateLimit, key: string): Promise<number> {
  try {
    await assertNotLimited([{ policy, key }]);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 429) throw error;
    return Number(error.headers['retry-after']);
  }
}

describe('a back-off', () => {
  const policy: RateLimit = {
    bucket: 'test_backoff',
    limit: 5,
    windowMs: 30_000,
    backoff: { maxWaitMs: 15 * MINUTE_MS, forgetAfterMs: 60 * MINUTE_MS },
  };

  it('lets the limit pass, then doubles the wait per failure up to its cap, and success forgets it', async () => {
    for (let i = 0; i < 4; i++) await countAttempt(policy, 'a');
    expect(await waitS(policy, 'a')).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      await countAttempt(policy, 'a');
      const wait = await waitS(policy, 'a');
      waits.push(wait);
      at += wait * 1000; // the next guess comes as soon as it may
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    await resetCounter(policy, 'a');
    expect(await waitS(policy, 'a')).toBe(0);
  });

  it('is forgotten after a quiet spell, and keys do not share it', async () => {
    for (let i = 0; i < 5; i++) await countAttempt(policy, 'b');
    expect(await waitS(policy, 'b')).toBe(30);
    expect(await waitS(policy, 'c')).toBe(0);
    at += 61 * MINUTE_MS;
    await countAttempt(policy, 'b');
    expect(await waitS(policy, 'b')).toBe(0);
  });
});

describe('a fixed window', () => {
  const policy: RateLimit = { bucket: 'test_window', limit: 3, windowMs: 60 * MINUTE_MS };

  it('reports the attempts beyond the limit until the window ends, then starts over', async () => {
    const start = at;
    const beyond: (Date | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      beyond.push(await countAttempt(policy, 'x'));
      at += MINUTE_MS;
    }
    expect(beyond.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(beyond[3]?.getTime()).toBe(start + 60 * MINUTE_MS);
    expect(beyond[4]?.getTime()).toBe(start + 60 * MINUTE_MS);
    at = start + 60 * MINUTE_MS;
    expect(await countAttempt(policy, 'x')).toBeUndefined();
  });
});
