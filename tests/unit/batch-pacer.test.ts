import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchPacer } from '@/server/system/slices';

describe('batchPacer', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  /** Resolves `pace()` and says after how many fake milliseconds it did (checked in 1 ms steps). */
  async function pauseOf(pace: () => Promise<void>): Promise<number> {
    let done = false;
    void pace().then(() => (done = true));
    for (let ms = 0; ms < 10_000; ms++) {
      await vi.advanceTimersByTimeAsync(1);
      if (done) return ms + 1;
    }
    throw new Error('pace() never resolved');
  }

  it('pauses after each step for its share: a quarter of the time working, three quarters paused', async () => {
    const pace = batchPacer(0.25);
    vi.advanceTimersByTime(40); // a step of 40 ms
    expect(await pauseOf(pace)).toBe(120);
    // The next step is timed from the end of the pause, not from the start.
    vi.advanceTimersByTime(10);
    expect(await pauseOf(pace)).toBe(30);
  });

  it('barely pauses after a step that took no time (a small site)', async () => {
    const pace = batchPacer(0.25);
    expect(await pauseOf(pace)).toBeLessThanOrEqual(1);
  });

  it('a share of 1 never pauses', async () => {
    const pace = batchPacer(1);
    vi.advanceTimersByTime(500);
    expect(await pauseOf(pace)).toBeLessThanOrEqual(1);
  });
});
