import * as Sentry from '@sentry/nextjs';

/** Next calls this once per server runtime; Sentry stays off without SENTRY_DSN. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { initSentry } = await import('@/server/observability/sentry-init');
    initSentry(process.env.SENTRY_DSN, process.env.NODE_ENV ?? 'production');
  }
}

export const onRequestError: typeof Sentry.captureRequestError = (...args) => {
  if (process.env.SENTRY_DSN) Sentry.captureRequestError(...args);
};
