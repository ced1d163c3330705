import { describe, expect, it } from 'vitest';
import { Ledger, mayDraw, type Held } from '@/server/chargers/load/safety';

const held = (key: string, acceptedA: number | null, ownMaxA = 16, idle = false): Held => ({ key, acceptedA, ownMaxA, idle });

describe('load balancing safety sum', () => {
  it('counts a session without an accepted limit at its own maximum, an idle one at nothing', () => {
    expect(mayDraw(held('a', 8))).toBe(8);
    expect(mayDraw(held('a', null, 32))).toBe(32);
    expect(mayDraw(held('a', null, 32, true))).toBe(0);
    expect(mayDraw(held('a', 6, 32, true))).toBe(6);
  });

  it('leaves room for an increase only once the others hold less', () => {
    const ledger = new Ledger(16, [held('a', 16), held('b', null)]);
    // b may draw its own 16 A until it accepts a limit: a gets nothing more, b's first limit fits nothing a holds.
    expect(ledger.room('a')).toBe(0);
    expect(ledger.acceptedRoom('b')).toBe(0);
    ledger.settle('a', 16, 8, 'applied');
    expect(ledger.acceptedRoom('b')).toBe(8);
    ledger.reserve('b', 8);
    ledger.settle('b', null, 8, 'applied');
    expect(ledger.room('a')).toBe(8);
  });

  it('keeps the higher bound when an answer says nothing or refuses', () => {
    const ledger = new Ledger(16, [held('a', 8), held('b', 8)]);
    ledger.reserve('a', 12);
    ledger.settle('a', 8, 12, 'unknown');
    expect(ledger.accepted('a')).toBe(12);
    ledger.settle('b', 8, 4, 'unchanged');
    expect(ledger.accepted('b')).toBe(8);
    ledger.settle('b', 8, 4, 'unknown');
    expect(ledger.accepted('b')).toBe(8);
    // Without an earlier limit an unanswered one may not be in force: its own maximum counts.
    const fresh = new Ledger(16, [held('c', null, 10)]);
    fresh.reserve('c', 6);
    fresh.settle('c', null, 6, 'unknown');
    expect(fresh.accepted('c')).toBeNull();
  });

  it('rounds room down to 0.1 A and never below zero', () => {
    const ledger = new Ledger(16, [held('a', 10.66), held('b', 9)]);
    expect(ledger.room('b')).toBe(5.3);
    expect(ledger.room('a')).toBe(7);
    expect(new Ledger(16, [held('a', 20), held('b', 1)]).room('b')).toBe(0);
  });
});
