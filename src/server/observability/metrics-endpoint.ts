/**
 * Where Prometheus scrapes: `GET /metrics` on the app's port when
 * METRICS_TOKEN is set (a Bearer token, compared in constant time), and/or a
 * small plain-http server of its own on METRICS_PORT (no token: bind it to an
 * address only the scraper reaches). Served from server.ts, before Next.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { errorBody, notFound, unauthorized } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { scrape } from './metrics';

export const METRICS_PATH = '/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the Authorization header carries the token; hashed first so the compare is constant-time whatever the lengths. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (\S+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}

/** Answers one scrape request (GET or HEAD only). */
export async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendJson(res, 405, { detail: 'Method not allowed', code: 'method_not_allowed' }, { allow: 'GET, HEAD' });
  }
  try {
    const { body, contentType } = await scrape();
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    getLogger().error({ err }, 'metrics scrape failed');
    sendJson(res, 500, { detail: 'Metrics could not be collected', code: 'internal_error' });
  }
}

/**
 * On the app's port: true when the request was a scrape and is answered here
 * (metrics, 401 or 404); false for every other path. Without a token the
 * path does not exist here.
 */
export function handleMetricsOnAppPort(req: http.IncomingMessage, res: http.ServerResponse, token: string | undefined): boolean {
  if ((req.url ?? '').split('?')[0] !== METRICS_PATH) return false;
  if (!token) {
    sendJson(res, 404, errorBody(notFound()));
  } else if (!bearerMatches(req.headers.authorization, token)) {
    sendJson(res, 401, errorBody(unauthorized('errors.auth.metricsToken')), { 'www-authenticate': 'Bearer' });
  } else {
    void serveMetrics(req, res);
  }
  return true;
}

/** The separate metrics listener (METRICS_PORT): `/metrics` only, short deadlines. */
export async function startMetricsServer(port: number, host: string): Promise<http.Server> {
  const server = http.createServer({ headersTimeout: 5_000, requestTimeout: 10_000 }, (req, res) => {
    if ((req.url ?? '').split('?')[0] === METRICS_PATH) return void serveMetrics(req, res);
    sendJson(res, 404, errorBody(notFound()));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}
