import { AsyncLocalStorage } from 'node:async_hooks';
import { beforeAll, describe, expect, it } from 'vitest';

type DoesMatch = typeof import('next/experimental/testing/server').unstable_doesMiddlewareMatch;
let doesMatch: DoesMatch;
let config: Parameters<DoesMatch>[0]['config'];

beforeAll(async () => {
  // Next's testing helper expects the global that its server runtime installs.
  (globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
  doesMatch = (await import('next/experimental/testing/server')).unstable_doesMiddlewareMatch;
  config = (await import('@/proxy')).config;
});

describe('proxy.ts matcher', () => {
  it('runs for pages and API routes', () => {
    for (const url of ['/', '/dashboard', '/api/me', '/api/keys', '/auth/callback?code=x', '/api/healthz']) {
      expect(doesMatch({ config, url }), url).toBe(true);
    }
  });

  it('skips OCPP, static assets, probes and webhooks', () => {
    for (const url of [
      '/ocpp/CP-1',
      '/_next/static/chunks/app.js',
      '/_next/image?url=%2Flogo.png&w=64&q=75',
      '/favicon.ico',
      '/logo.svg',
      '/api/health',
      '/api/ready',
      '/api/webhooks/stripe',
    ]) {
      expect(doesMatch({ config, url }), url).toBe(false);
    }
  });

  it('skips callers with an Authorization header (API keys never use the session cookie)', () => {
    const headers = { authorization: 'Bearer evc_x' };
    expect(doesMatch({ config, url: '/api/status/abc', headers })).toBe(false);
    expect(doesMatch({ config, url: '/api/status/abc' })).toBe(true);
  });
});
