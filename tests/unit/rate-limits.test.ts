import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseAttempt, resetCounter, takeAttempt, type RateLimit } from '@/server/auth/rate-limits';
import { setClock } from '@/server/clock';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';

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

const seconds = (until: Date | undefined) => (until ? (until.getTime() - at) / 1000 : 0);

describe('a back-off', () => {
  const policy: RateLimit = {
    bucket: 'test_backoff',
    limit: 5,
    windowMs: 30_000,
    backoff: { maxWaitMs: 15 * MINUTE_MS, forgetAfterMs: 60 * MINUTE_MS },
  };

  it('lets the limit pass, then doubles the wait per attempt up to its cap; a reset forgets it', async () => {
    for (let i = 0; i < 5; i++) expect(await takeAttempt(policy, 'a')).toBeUndefined();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const refused = await takeAttempt(policy, 'a');
      waits.push(seconds(refused));
      at = refused!.getTime(); // the next guess comes as soon as it may, and is counted
      expect(await takeAttempt(policy, 'a')).toBeUndefined();
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    await resetCounter(policy, 'a');
    expect(await takeAttempt(policy, 'a')).toBeUndefined();
  });

  it('is forgotten after a quiet spell, and keys do not share it', async () => {
    for (let i = 0; i < 5; i++) await takeAttempt(policy, 'b');
    expect(seconds(await takeAttempt(policy, 'b'))).toBe(30);
    expect(await takeAttempt(policy, 'c')).toBeUndefined();
    at += 61 * MINUTE_MS;
    for (let i = 0; i < 5; i++) expect(await takeAttempt(policy, 'b')).toBeUndefined();
  });
});

describe('a fixed window', () => {
  const policy: RateLimit = { bucket: 'test_window', limit: 3, windowMs: 60 * MINUTE_MS };

  it('refuses the attempts beyond the limit, without counting them, until the window ends', async () => {
    const start = at;
    const refused: (Date | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      refused.push(await takeAttempt(policy, 'x'));
      at += MINUTE_MS;
    }
    expect(refused.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(refused[3]?.getTime()).toBe(start + 60 * MINUTE_MS);
    expect(refused[4]?.getTime()).toBe(start + 60 * MINUTE_MS);
    at = start + 60 * MINUTE_MS;
    expect(await takeAttempt(policy, 'x')).toBeUndefined();
  });

  it('lets exactly the limit through when attempts arrive together', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => takeAttempt(policy, 'together')));
    expect(answers.filter((refused) => refused === undefined)).toHaveLength(3);
  });

  it('takes back a released attempt', async () => {
    for (let i = 0; i < 3; i++) await takeAttempt(policy, 'released');
    expect(await takeAttempt(policy, 'released')).toBeDefined();
    await releaseAttempt(policy, 'released');
    expect(await takeAttempt(policy, 'released')).toBeUndefined();
  });
});
