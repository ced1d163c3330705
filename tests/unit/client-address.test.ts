import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, clientKeyOf, rateLimitKeyOf, stampClientAddress } from '@/server/http/client-address';

function request(socketAddress: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress: socketAddress }, headers: { ...headers } } as unknown as IncomingMessage;
}

const stamped = (req: IncomingMessage, hops: number) => {
  stampClientAddress(req, hops);
  return req.headers[CLIENT_ADDRESS_HEADER];
};

describe('the client address', () => {
  it('is the socket address without trusted proxies, whatever the client claims', () => {
    const req = request('203.0.113.5', { 'x-forwarded-for': '192.0.2.1', [CLIENT_ADDRESS_HEADER]: '192.0.2.2' });
    expect(stamped(req, 0)).toBe('203.0.113.5');
  });

  it('is the entry the trusted proxies wrote, counted from the right', () => {
    const req = () => request('10.0.0.2', { 'x-forwarded-for': '192.0.2.1, 198.51.100.7, 10.0.0.1' });
    expect(stamped(req(), 1)).toBe('10.0.0.1');
    expect(stamped(req(), 2)).toBe('198.51.100.7');
  });

  it('falls back to the socket when the header is missing, short or not an address', () => {
    expect(stamped(request('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(stamped(request('10.0.0.2', { 'x-forwarded-for': '198.51.100.7' }), 2)).toBe('10.0.0.2');
    expect(stamped(request('10.0.0.2', { 'x-forwarded-for': 'not-an-ip' }), 1)).toBe('10.0.0.2');
  });

  it('keys IPv4 (also mapped into IPv6) as is and IPv6 by its /64', () => {
    expect(rateLimitKeyOf('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(rateLimitKeyOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKeyOf('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKeyOf(new Headers({ [CLIENT_ADDRESS_HEADER]: '::1' }))).toBe('0:0:0:0::/64');
  });
});
