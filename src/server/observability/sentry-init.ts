import * as Sentry from '@sentry/nextjs';
import { processState } from '@/server/runtime';

/** Initialises Sentry once per process when a DSN is configured; does nothing otherwise. */
export function initSentry(dsn: string | undefined, environment: string): void {
  const state = processState('sentry', () => ({ started: false }));
  if (!dsn || state.started) return;
  state.started = true;
  Sentry.init({ dsn, environment, tracesSampleRate: 0, sendDefaultPii: false });
}
