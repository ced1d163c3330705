/** What a fake service received, in order, and a way to wait for the first that matches. */
export interface Inbox<T> {
  received: T[];
  add(item: T): void;
  waitFor(match: (item: T) => boolean, timeoutMs?: number): Promise<T>;
}

/** `what` and `describe` word the timeout's error: what was expected, and a summary of what came instead. */
export function createInbox<T>(what: string, describe: (item: T) => unknown): Inbox<T> {
  const received: T[] = [];
  const listeners = new Set<() => void>();
  return {
    received,
    add(item) {
      received.push(item);
      for (const listener of listeners) listener();
    },
    waitFor(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`No ${what} matched within ${timeoutMs} ms; got ${JSON.stringify(received.map(describe))}`));
        }, timeoutMs);
        if (!check()) listeners.add(check);
      });
    },
  };
}
