/**
 * Security headers. Every response gets the same baseline (no sniffing, no
 * framing, a referrer only to our own origin in full, HSTS once served over
 * TLS) and a policy under which nothing in it may run; pages replace that
 * policy with one that runs only our own scripts carrying the response's
 * nonce (set by `src/proxy.ts`, which Next reads to put the nonce on its
 * scripts).
 */
import type { AppConfig } from '@/server/config';

/** TLS ends here (TLS_CERT_FILE) or, as APP_URL says, at a proxy in front. */
const servedOverTls = (config: AppConfig) => Boolean(config.tls) || config.appUrl.startsWith('https:');

/** A fresh nonce per page: 128 random bits. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/** A page's policy: scripts only with `nonce` (and what they load), our own origin for everything else. */
export function pagePolicy(nonce: string, config: AppConfig): string {
  // The Supabase sign-in form talks to Supabase Auth from the browser.
  const supabase = config.auth.mode === 'supabase' ? ` ${new URL(config.auth.url).origin}` : '';
  return [
    "default-src 'self'",
    // Next's development build evaluates code (React's call stacks); production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${config.env === 'development' ? " 'unsafe-eval'" : ''}`,
    // Components set style attributes (charts, toasts, theme switching); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    // The service worker (public/sw.js) for Web Push notifications.
    "worker-src 'self'",
    "font-src 'self' data:",
    `connect-src 'self'${supabase}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(servedOverTls(config) ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** The headers every response starts with (`server.ts`); a page's policy then replaces the Content-Security-Policy. */
export function baselineHeaders(config: AppConfig): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // For browsers that predate frame-ancestors.
    'x-frame-options': 'DENY',
    ...(servedOverTls(config) ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}
