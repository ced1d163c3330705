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

  it('skips API callers with an Authorization header (API keys never use the session cookie), but not pages', () => {
    const headers = { authorization: 'Bearer evc_x' };
    expect(doesMatch({ config, url: '/api/status/abc', headers })).toBe(false);
    expect(doesMatch({ config, url: '/api/status/abc' })).toBe(true);
    // A browser behind a reverse proxy with Basic credentials still gets its pages' policy.
    expect(doesMatch({ config, url: '/dashboard', headers: { authorization: 'Basic eDp5' } })).toBe(true);
  });

  it('skips requests with a body, which Next would otherwise hold in memory for the proxy', () => {
    for (const url of ['/dashboard', '/api/keys']) {
      expect(doesMatch({ config, url, headers: { 'content-length': '52428800' } }), url).toBe(false);
      expect(doesMatch({ config, url, headers: { 'transfer-encoding': 'chunked' } }), url).toBe(false);
      // An empty body (a sign-out POST) is no body.
      expect(doesMatch({ config, url, headers: { 'content-length': '0' } }), url).toBe(true);
    }
  });
});
