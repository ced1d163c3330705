import { describe, expect, it } from 'vitest';
import { allocate, type Demand } from '@/server/chargers/load/allocate';

const session = (key: string, minute: number, maxCurrentA: number | null = null): Demand => ({
  key,
  startedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
  maxCurrentA,
});
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('allocate', () => {
  it('shares a 32 A site equally among three sessions, never more than 32 A', () => {
    const a = allocate(32, 6, [session('a', 0), session('b', 1), session('c', 2)]);
    expect([...a.values()]).toEqual([10.6, 10.6, 10.6]);
    expect(sum(a)).toBeLessThanOrEqual(32);
  });

  it('respects connector maxima and gives the rest to the others', () => {
    const a = allocate(32, 6, [session('a', 0, 8), session('b', 1), session('c', 2, 16)]);
    expect(Object.fromEntries(a)).toEqual({ a: 8, b: 12, c: 12 });
    expect(Object.fromEntries(allocate(100, 6, [session('a', 0, 16), session('b', 1, 10)]))).toEqual({ a: 16, b: 10 });
  });

  it('queues the newest sessions at 0 A when the minimum cannot be met for all', () => {
    const a = allocate(16, 6, [session('late', 5), session('first', 0), session('second', 1)]);
    expect(Object.fromEntries(a)).toEqual({ first: 8, second: 8, late: 0 });
  });

  it('a stop frees its share for the others', () => {
    expect(Object.fromEntries(allocate(32, 6, [session('a', 0), session('c', 2)]))).toEqual({ a: 16, c: 16 });
  });

  it('handles no sessions and a site below the minimum', () => {
    expect(allocate(32, 6, []).size).toBe(0);
    expect(Object.fromEntries(allocate(5, 6, [session('a', 0)]))).toEqual({ a: 0 });
  });
});
