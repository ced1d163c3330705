/**
 * Long work in one instance shares the event loop with every charge point
 * and request it serves: batch work (an invoice run, a month's CSV) runs in
 * short slices and lets the others in between.
 */

/** Work at most this long before letting other requests and charge points' messages run. */
const SLICE_MS = 2;

/** Resolves after the I/O waiting now (a charge point's message, a request) has had its turn. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Maps each item in order, yielding to the event loop every SLICE_MS. */
export async function mapInSlices<T, R>(items: readonly T[], map: (item: T) => R): Promise<R[]> {
  const results: R[] = [];
  let slice = performance.now();
  for (const item of items) {
    if (performance.now() - slice > SLICE_MS) {
      await yieldToOthers();
      slice = performance.now();
    }
    results.push(map(item));
  }
  return results;
}

/**
 * Batch work's share of the time: after each step it pauses for as long as
 * the step took times (1 / share - 1). A step's time is mostly the database's
 * (an invoice run kept PostgreSQL at 0.8 cores, and every charge point's
 * commit waited behind it); paced, the same work is spread over more time.
 */
const BATCH_SHARE = 0.25;

/** Returns `pace()`: awaited after each step of a batch, it pauses for that step's share (see BATCH_SHARE). */
export function batchPacer(share = BATCH_SHARE): () => Promise<void> {
  let stepStart = performance.now();
  return async () => {
    const pauseMs = (performance.now() - stepStart) * (1 / share - 1);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    stepStart = performance.now();
  };
}

/** Calls `visit` for each item in order, yielding to the event loop every SLICE_MS. */
export async function inSlices<T>(items: readonly T[], visit: (item: T) => void): Promise<void> {
  await mapInSlices(items, visit);
}
