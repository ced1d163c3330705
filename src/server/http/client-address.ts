/**
 * The address a request came from, for rate limits. server.ts works it out
 * from the socket (and X-Forwarded-For only behind TRUSTED_PROXY_HOPS proxies)
 * and puts it into CLIENT_ADDRESS_HEADER after dropping any copy the client sent.
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';

export const CLIENT_ADDRESS_HEADER = 'x-evconduit-client-address';

/**
 * With `trustedProxyHops` proxies in front, each appends the address it saw to
 * X-Forwarded-For, so the client is that many entries from the right; entries
 * further left were written by the client and prove nothing.
 */
export function clientAddressOf(req: IncomingMessage, trustedProxyHops: number): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops === 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const candidate = forwarded[forwarded.length - trustedProxyHops];
  return candidate && net.isIP(candidate) ? candidate : socketAddress;
}

/** Sets the header a route reads; a client's own copy never survives. */
export function stampClientAddress(req: IncomingMessage, trustedProxyHops: number): void {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, trustedProxyHops);
}

/**
 * The rate-limit key of an address: IPv4 as is (also when mapped into IPv6),
 * IPv6 by its /64, since one subscriber usually gets a whole /64.
 */
export function rateLimitKeyOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (net.isIPv6(address)) return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
  return address;
}

function expandIpv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ''));
}

/** The client's address key for rate limits, as server.ts stamped it. */
export function clientKeyOf(headers: Headers): string {
  return rateLimitKeyOf(headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown');
}
