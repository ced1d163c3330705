import { describe, expect, it } from 'vitest';
import { onlyReachableLocally, requestOrigin } from '@/server/http/public-url';

const direct = { tls: false, trustedProxyHops: 0 };
const origin = (headers: Record<string, string>, settings = direct) => requestOrigin(new Headers(headers), settings);

describe('requestOrigin', () => {
  it('is the Host the browser used, with the scheme the server serves', () => {
    expect(origin({ host: '192.168.1.20:3000' })).toBe('http://192.168.1.20:3000');
    expect(origin({ host: 'EV.Example.com' })).toBe('http://ev.example.com');
    expect(origin({ host: '[fd00::20]:3000' })).toBe('http://[fd00::20]:3000');
    expect(origin({ host: 'ev.example.com:443' }, { tls: true, trustedProxyHops: 0 })).toBe('https://ev.example.com');
  });

  it('refuses a Host that is not a plain host and port', () => {
    for (const host of ['evil.example/path', 'user@evil.example', 'evil.example:99999', 'evil example', 'a'.repeat(300), '']) {
      expect(origin({ host }), host).toBeUndefined();
    }
    expect(origin({})).toBeUndefined();
  });

  it('ignores X-Forwarded-* without trusted proxies: a client could write them', () => {
    expect(origin({ host: '192.168.1.20:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' })).toBe('http://192.168.1.20:3000');
  });

  it('behind trusted proxies takes the outermost trusted proxy’s X-Forwarded-Proto and -Host', () => {
    const oneProxy = { tls: false, trustedProxyHops: 1 };
    expect(origin({ host: '10.0.0.5:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'ev.example.com' }, oneProxy)).toBe('https://ev.example.com');
    // The client's own entries come first; the proxy appended the last one.
    expect(origin({ host: '10.0.0.5:3000', 'x-forwarded-proto': 'http, https', 'x-forwarded-host': 'evil.example, ev.example.com' }, oneProxy)).toBe(
      'https://ev.example.com',
    );
    expect(origin({ host: 'ev.example.com', 'x-forwarded-proto': 'gopher' }, oneProxy)).toBe('http://ev.example.com');
    expect(origin({ host: 'ev.example.com', 'x-forwarded-host': 'evil.example/x' }, oneProxy)).toBeUndefined();
  });
});

describe('onlyReachableLocally', () => {
  it('is true for names of this machine only', () => {
    for (const url of ['http://localhost:3000', 'https://LOCALHOST', 'http://app.localhost', 'http://127.0.0.1:3000', 'http://127.1.2.3', 'http://[::1]:3000', 'http://0.0.0.0:3000']) {
      expect(onlyReachableLocally(url), url).toBe(true);
    }
    for (const url of ['http://192.168.1.20:3000', 'https://ev.example.com', 'http://[fd00::1]', 'http://localhost.example.com']) {
      expect(onlyReachableLocally(url), url).toBe(false);
    }
  });
});
