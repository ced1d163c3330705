'use client';

import * as React from 'react';

import { callApi } from '@/lib/api-client';

export const LIVE_REFRESH_MS = 15_000;

/** Keeps `initial` fresh by reading `path` every 15 s (and when `reload` is called). */
export function usePolled<T>(path: string, initial: T): [T, () => Promise<void>] {
  const [data, setData] = React.useState(initial);
  const reload = React.useCallback(async () => {
    const result = await callApi<T>('GET', path);
    if (result.ok) setData(result.data);
  }, [path]);
  React.useEffect(() => {
    const timer = setInterval(() => void reload(), LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return [data, reload];
}
