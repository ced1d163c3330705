'use client';

import * as React from 'react';

/** "2 h 05 min", "12 min 03 s", "40 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${pad(m)} min`;
  if (m > 0) return `${m} min ${pad(s % 60)} s`;
  return `${s % 60} s`;
}

const subscribeSecond = (tick: () => void) => {
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
};

/** How long a session ran, or while it runs (no `to`) how long so far, counting every second in the browser. */
function Duration({ from, to }: { from: string; to: string | null }) {
  const running = to === null;
  // The clock only matters while running; the server renders the time to its own "now" and the browser takes over.
  const nowMs = React.useSyncExternalStore(
    running ? subscribeSecond : noopSubscribe,
    () => Math.floor(Date.now() / 1000) * 1000,
    () => Math.floor(Date.now() / 1000) * 1000,
  );
  const end = running ? nowMs : Date.parse(to);
  return (
    <span className="tabular-nums" data-testid={running ? 'duration-running' : 'duration'} suppressHydrationWarning>
      {formatDuration(end - Date.parse(from))}
    </span>
  );
}

const noopSubscribe = () => () => {};

export { Duration };
