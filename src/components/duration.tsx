'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

/** "2 h 05 min", "12 min 03 s", "40 s" in the reader's language (catalogue `duration.*`). */
export function useFormatDuration() {
  const t = useTranslations('duration');
  return (ms: number): string => {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n: number) => String(n).padStart(2, '0');
    if (h > 0) return t('hm', { h: String(h), m: pad(m) });
    if (m > 0) return t('ms', { m: String(m), s: pad(s % 60) });
    return t('s', { s: String(s % 60) });
  };
}

const subscribeSecond = (tick: () => void) => {
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
};

/** How long a session ran, or while it runs (no `to`) how long so far, counting every second in the browser. */
function Duration({ from, to }: { from: string; to: string | null }) {
  const running = to === null;
  const formatDuration = useFormatDuration();
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
