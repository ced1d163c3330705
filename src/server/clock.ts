/**
 * The one clock. Domain code asks it for the time so tests can move time
 * (in-process with setClock, in a server process with EVCONDUIT_CLOCK_OFFSET_MS).
 */
type Now = () => Date;
import { processState } from '@/server/runtime';

const holder: { now: Now } = processState<{ now: Now }>('clock', () => ({
  now: () => new Date(Date.now() + Number(process.env.EVCONDUIT_CLOCK_OFFSET_MS ?? 0)),
}));

export const now = (): Date => holder.now();

export function setClock(fn: Now): () => void {
  const previous = holder.now;
  holder.now = fn;
  return () => {
    holder.now = previous;
  };
}
