/**
 * The address people and devices should use to reach this installation: what
 * the app shows (OCPP URL, Home Assistant base URL) and where a vehicle link
 * returns to. APP_URL when it is set; otherwise the address the browser used,
 * so someone who opened http://192.168.1.20:3000 is not told "localhost".
 */
import { getConfig } from '@/server/config';

/** A host name, IPv4 address or [IPv6] address, with an optional port: nothing that could add a path or credentials. */
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*\.?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;
const MAX_HOST_LENGTH = 260;

export interface OriginSettings {
  /** The server itself serves https. */
  tls: boolean;
  /** Reverse proxies in front (TRUSTED_PROXY_HOPS): only then do X-Forwarded-Proto and X-Forwarded-Host count. */
  trustedProxyHops: number;
}

/** The entry the outermost trusted proxy wrote (each proxy appends one), as in client-address.ts. */
function forwarded(headers: Headers, name: string, hops: number): string | undefined {
  const entries = (headers.get(name) ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return entries[entries.length - hops];
}

/** The origin the browser used (e.g. http://192.168.1.20:3000), or undefined when its Host header is missing or malformed. */
export function requestOrigin(headers: Headers, settings: OriginSettings): string | undefined {
  const proxied = settings.trustedProxyHops > 0;
  const host = (proxied && forwarded(headers, 'x-forwarded-host', settings.trustedProxyHops)) || headers.get('host');
  if (!host || host.length > MAX_HOST_LENGTH || !HOST_PATTERN.test(host)) return undefined;
  const proto = proxied ? forwarded(headers, 'x-forwarded-proto', settings.trustedProxyHops)?.toLowerCase() : undefined;
  const scheme = proto === 'https' || proto === 'http' ? proto : settings.tls ? 'https' : 'http';
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return undefined; // e.g. a port above 65535
  }
}

/** The public base URL for this request: APP_URL when set, else the request's own origin (APP_URL's default when that is unusable). */
export function publicBaseUrl(headers: Headers): string {
  const config = getConfig();
  if (config.appUrlIsSet) return config.appUrl;
  return requestOrigin(headers, { tls: Boolean(config.tls), trustedProxyHops: config.trustedProxyHops }) ?? config.appUrl;
}

/**
 * APP_URL is set but the browser came by another address (127.0.0.1 vs
 * localhost, a LAN address): a round trip through another site ends on
 * APP_URL, where this browser has no session. Returns APP_URL's origin then.
 */
export function appUrlElsewhere(headers: Headers): string | undefined {
  const config = getConfig();
  if (!config.appUrlIsSet) return undefined;
  const appOrigin = new URL(config.appUrl).origin;
  const used = requestOrigin(headers, { tls: Boolean(config.tls), trustedProxyHops: config.trustedProxyHops });
  return used && used !== appOrigin ? appOrigin : undefined;
}

/** localhost, 127.0.0.0/8, ::1 (and 0.0.0.0) name this machine only: a charge point or Home Assistant elsewhere cannot use such an address. */
export function onlyReachableLocally(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host === '0.0.0.0';
}
