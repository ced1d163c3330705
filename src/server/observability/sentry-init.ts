import * as Sentry from '@sentry/nextjs';

/** Initialises Sentry once per process when a DSN is configured; does nothing otherwise. */
export function initSentry(dsn: string | undefined, environment: string): void {
  const state = globalThis as { __evconduitSentry?: boolean };
  if (!dsn || state.__evconduitSentry) return;
  state.__evconduitSentry = true;
  Sentry.init({ dsn, environment, tracesSampleRate: 0, sendDefaultPii: false });
}
