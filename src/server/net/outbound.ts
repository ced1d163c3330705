/**
 * Outbound HTTP to addresses users give us (Home Assistant push targets).
 * Every address the name resolves to is checked when the socket connects
 * (so DNS rebinding cannot slip past), IP literals before that, and each
 * redirect hop again. Only public unicast addresses pass unless private
 * networks are allowed; cloud metadata (169.254.169.254) never does.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

const MAX_REDIRECTS = 3;
const MAX_BODY_CHARS = 2000;
/** A response is read this far and no further: a target streaming without end cannot hold the request. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
const PRIVATE_RANGES_ALLOWED_ON_REQUEST = new Set(['private', 'loopback', 'uniqueLocal', 'carrierGradeNat']);

export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

export interface OutboundOptions {
  allowPrivateAddresses: boolean;
  /** The whole call's deadline: connect, headers and body of every hop, not only an idle gap. */
  timeoutMs: number;
}

export interface OutboundResponse {
  status: number;
  /** The response body as text, cut to a short excerpt. */
  body: string;
}

/** Throws unless `ip` may be reached: public unicast, or a private range when allowed. */
export function assertReachableAddress(ip: string, allowPrivateAddresses: boolean): void {
  const range = ipaddr.process(ip).range();
  if (range === 'unicast') return;
  if (allowPrivateAddresses && PRIVATE_RANGES_ALLOWED_ON_REQUEST.has(range)) return;
  const hint = PRIVATE_RANGES_ALLOWED_ON_REQUEST.has(range)
    ? ' (set PUSH_ALLOW_PRIVATE_ADDRESSES=true for a Home Assistant on your own network)'
    : '';
  throw new OutboundRefusedError(`Refused to connect to ${ip}: a ${range} address${hint}`);
}

function guardedLookup(allowPrivateAddresses: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      try {
        for (const { address } of addresses) assertReachableAddress(address, allowPrivateAddresses);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * Kept-alive sockets (a burst of sends to one ntfy server reuses its
 * connections), one pool per address rule: a socket whose address was
 * allowed for a caller that may reach private networks never serves one that
 * may not, as the shared global agent would.
 */
const agents = new Map<string, http.Agent>();
function agentFor(protocol: string, allowPrivateAddresses: boolean): http.Agent {
  const key = `${protocol}${allowPrivateAddresses}`;
  let agent = agents.get(key);
  if (!agent) agents.set(key, (agent = new (protocol === 'https:' ? https : http).Agent({ keepAlive: true })));
  return agent;
}

function postOnce(
  url: URL,
  body: string | Buffer,
  headers: Record<string, string>,
  options: OutboundOptions,
  deadline: number,
): Promise<OutboundResponse & { location?: string }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new OutboundRefusedError(`Refused URL scheme ${url.protocol}`));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) assertReachableAddress(host, options.allowPrivateAddresses);
  const transport = url.protocol === 'https:' ? https : http;
  const agent = agentFor(url.protocol, options.allowPrivateAddresses);
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'EVConduit' },
        lookup: guardedLookup(options.allowPrivateAddresses),
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY_CHARS);
          resolve({ status: response.statusCode ?? 0, body: text, location: response.headers.location });
        };
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) return void chunks.push(chunk);
          // Enough read to know the answer: the rest is not waited for.
          request.destroy();
          done();
        });
        response.on('end', done);
        response.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      const late = new Error(`No complete answer within ${options.timeoutMs} ms`);
      reject(late); // before the destroy, whose own errors then change nothing
      request.destroy(late);
    }, Math.max(0, deadline - Date.now()));
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/** POSTs JSON, following up to three redirects, each checked like the first hop, all within `timeoutMs`. */
export function postJson(target: string, payload: unknown, options: OutboundOptions): Promise<OutboundResponse> {
  return post(target, JSON.stringify(payload), {}, options);
}

/** POSTs a body with the given headers (e.g. an encrypted Web Push message), guarded like `postJson`. */
export async function post(target: string, body: string | Buffer, headers: Record<string, string>, options: OutboundOptions): Promise<OutboundResponse> {
  const deadline = Date.now() + options.timeoutMs;
  let url = new URL(target);
  for (let hop = 0; ; hop++) {
    const response = await postOnce(url, body, headers, options, deadline);
    const redirected = [301, 302, 307, 308].includes(response.status) && response.location;
    if (!redirected) return { status: response.status, body: response.body };
    if (hop === MAX_REDIRECTS) throw new OutboundRefusedError(`More than ${MAX_REDIRECTS} redirects`);
    url = new URL(response.location!, url);
  }
}
