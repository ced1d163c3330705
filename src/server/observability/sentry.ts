import * as Sentry from '@sentry/nextjs';

/**
 * Reports to Sentry when SENTRY_DSN is set (initialised in instrumentation/server.ts); no-op otherwise.
 * `context` (component, job, action, ids; never secrets or payloads) becomes the event's tags.
 */
export function captureError(error: unknown, context?: Record<string, string | number | undefined>): void {
  if (!process.env.SENTRY_DSN) return;
  const tags = context && Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
  Sentry.captureException(error, tags ? { tags } : undefined);
}
