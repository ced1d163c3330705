import * as Sentry from '@sentry/nextjs';

/** Reports to Sentry when SENTRY_DSN is set (initialised in instrumentation/server.ts); no-op otherwise. */
export function captureError(error: unknown): void {
  if (process.env.SENTRY_DSN) Sentry.captureException(error);
}
