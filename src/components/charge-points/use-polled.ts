'use client';

import * as React from 'react';

import { callApi } from '@/lib/api-client';

/** GETs `path` at mount and every `intervalMs` (live status), unless not `enabled`; keeps the last good answer. */
export function usePolled<T>(path: string, initial: T, intervalMs = 10_000, enabled = true): [T, () => void] {
  const [data, setData] = React.useState(initial);
  const load = React.useCallback(async () => {
    const result = await callApi<T>('GET', path);
    if (result.ok) setData(result.data);
  }, [path]);
  React.useEffect(() => {
    if (!enabled) return;
    const first = setTimeout(() => void load(), 0);
    const timer = setInterval(() => void load(), intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [load, intervalMs, enabled]);
  return [data, () => void load()];
}
