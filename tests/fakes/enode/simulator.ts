/**
 * A standalone Enode simulator (node:http, no framework) for tests and
 * offline development: OAuth client credentials, link sessions with a small
 * Link UI, simulated vehicles of a few vendors, charging actions (PENDING →
 * CONFIRMED), webhook subscriptions and signed webhook deliveries.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { advance, createVehicle, isVendor, present, setCharging, VENDORS, type SimVehicle, type Vendor } from './vehicles';

export interface SimulatorOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of access tokens, seconds. */
  tokenTtlS?: number;
  /** How long an action stays PENDING before it is CONFIRMED. */
  actionDelayMs?: number;
  /** Charging speed-up: 60 turns a minute of charging into an hour's worth. */
  speed?: number;
}

export interface SimAction {
  id: string;
  userId: string;
  state: 'PENDING' | 'CONFIRMED' | 'FAILED' | 'CANCELLED';
  kind: 'START' | 'STOP';
  targetId: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  failureReason: { type: string; detail: string } | null;
}

export interface SimWebhook {
  id: string;
  url: string;
  secret: string;
  events: string[];
  isActive: boolean;
  lastSuccess: string | null;
  createdAt: string;
}

export interface SimRequest {
  method: string;
  path: string;
  enodeVersion?: string;
}

export interface Delivery {
  id: string;
  webhookId: string;
  events: unknown[];
  status: number;
}

export interface EnodeSimulator {
  url: string;
  /** The OAuth token endpoint (ENODE_OAUTH_URL). */
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  /** The settings that point EVConduit at this simulator. */
  env(webhookSecret?: string): Record<string, string>;
  /** Every API request so far (token requests as `POST /oauth2/token`). */
  requests: SimRequest[];
  /** How many requests matched `METHOD /path` (exact path, no query). */
  count(method: string, path: string): number;
  /** Every webhook delivery so far. */
  deliveries: Delivery[];
  /** Invalidates every issued token: the next API call answers 401. */
  revokeTokens(): void;
  /** The next `count` API requests (not token requests) answer `status`. */
  failNext(status: number, count?: number, detail?: string): void;
  /** Delay before answering API requests, ms. */
  setLatency(ms: number): void;
  /** Offline: every request answers 503. */
  setOffline(offline: boolean): void;
  /** Links a vendor for a user without the Link UI; returns the new vehicle as Enode shows it. */
  linkVehicle(userId: string, vendor?: Vendor): ReturnType<typeof present>;
  vehicle(id: string): SimVehicle | undefined;
  /** Subscribes `url` to webhooks, as a POST /webhooks would. */
  addWebhook(url: string, secret: string, events?: string[]): SimWebhook;
  /** A subscription, live: change it to simulate Enode's side. */
  webhook(id: string): SimWebhook | undefined;
  /** Sends events to every active subscription (signed); resolves when delivered. */
  deliver(events: unknown[]): Promise<void>;
  /** Resolves once deliveries in flight are done. */
  settled(): Promise<void>;
  /** `sha1=<hex>` as Enode signs `body` with `secret`. */
  sign(body: string, secret: string): string;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, match: string[], body: string) => Promise<void> | void;

const json = (res: http.ServerResponse, status: number, body?: unknown) => {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};
const problem = (res: http.ServerResponse, status: number, title: string, detail: string) =>
  json(res, status, { type: `https://developers.enode.com/problems/${status}`, title, detail });

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export async function startEnodeSimulator(options: SimulatorOptions = {}): Promise<EnodeSimulator> {
  const clientId = options.clientId ?? 'sim-client';
  const clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
  const tokenTtlS = options.tokenTtlS ?? 3599;
  const actionDelayMs = options.actionDelayMs ?? 300;
  const speed = options.speed ?? 60;

  const tokens = new Map<string, number>(); // token → expiry (ms)
  const vehicles = new Map<string, SimVehicle>();
  const actions = new Map<string, SimAction>();
  const webhooks = new Map<string, SimWebhook>();
  const links = new Map<string, { userId: string; redirectUri: string; vendor?: Vendor }>();
  const requests: SimRequest[] = [];
  const deliveries: Delivery[] = [];
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let forced: { status: number; detail: string }[] = [];
  let latencyMs = 0;
  let offline = false;

  const nowMs = () => Date.now();
  const touch = (vehicle: SimVehicle) => {
    // Charging is sped up; lastSeen stays real time.
    const elapsed = nowMs() - vehicle.lastSeen;
    vehicle.lastSeen = nowMs() - elapsed * speed;
    advance(vehicle, nowMs());
    return vehicle;
  };
  const userVehicles = (userId: string) => [...vehicles.values()].filter((v) => v.userId === userId);
  const sign = (body: string, secret: string) => `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;

  const deliverTo = async (hook: SimWebhook, events: unknown[]) => {
    const body = JSON.stringify(events);
    const id = randomUUID();
    let status = 0;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-enode-delivery': id, 'x-enode-signature': sign(body, hook.secret) },
        body,
        signal: AbortSignal.timeout(5000),
      });
      status = response.status;
      await response.body?.cancel();
      if (response.ok) hook.lastSuccess = new Date().toISOString();
    } catch {
      status = 0;
    }
    deliveries.push({ id, webhookId: hook.id, events, status });
  };

  const deliver = (events: unknown[]) => {
    const names = new Set(events.map((e) => (e as { event: string }).event));
    const targets = [...webhooks.values()].filter(
      (h) => h.isActive && (h.events.includes('*') || [...names].some((n) => h.events.includes(n) || n === 'enode:webhook:test')),
    );
    const work = Promise.all(targets.map((hook) => deliverTo(hook, events))).then(() => undefined);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };

  const vehicleEvent = (event: string, vehicle: SimVehicle) => ({
    event,
    createdAt: new Date().toISOString(),
    version: '2024-10-01',
    user: { id: vehicle.userId },
    vehicle: present(vehicle),
  });

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const settle = (action: SimAction, state: SimAction['state'], failureReason: SimAction['failureReason'] = null) => {
    const at = new Date().toISOString();
    Object.assign(action, { state, updatedAt: at, completedAt: at, failureReason });
    const vehicle = vehicles.get(action.targetId);
    const events: unknown[] = [
      { event: 'user:vendor-action:updated', createdAt: at, version: '2024-10-01', user: { id: action.userId }, vendorAction: { ...action, targetType: 'vehicle' } },
    ];
    if (vehicle && state === 'CONFIRMED') {
      touch(vehicle);
      setCharging(vehicle, action.kind === 'START');
      events.push(vehicleEvent('user:vehicle:updated', vehicle));
    }
    void deliver(events);
  };

  const createAction = (vehicle: SimVehicle, kind: 'START' | 'STOP'): SimAction => {
    const pending = [...actions.values()].filter((a) => a.targetId === vehicle.id && a.state === 'PENDING');
    const same = pending.find((a) => a.kind === kind);
    if (same) return same; // Enode reuses a pending action of the same kind
    for (const opposite of pending) settle(opposite, 'CANCELLED');
    const at = new Date().toISOString();
    const action: SimAction = { id: randomUUID(), userId: vehicle.userId, state: 'PENDING', kind, targetId: vehicle.id, createdAt: at, updatedAt: at, completedAt: null, failureReason: null };
    actions.set(action.id, action);
    later(actionDelayMs, () => {
      if (action.state !== 'PENDING') return;
      if (kind === 'START' && !vehicle.isPluggedIn) {
        settle(action, 'FAILED', { type: 'NOT_PLUGGED_IN', detail: 'The vehicle is not plugged in' });
      } else {
        settle(action, 'CONFIRMED');
      }
    });
    return action;
  };

  const linkVendor = (userId: string, vendor: Vendor) => {
    const existing = userVehicles(userId).filter((v) => v.vendor === vendor);
    if (existing.length > 0) return existing;
    const vehicle = createVehicle(userId, vendor, nowMs());
    vehicles.set(vehicle.id, vehicle);
    return [vehicle];
  };

  const presentAction = (action: SimAction) => ({ ...action, targetType: 'vehicle' });

  // ------------------------------------------------------------ routes

  const routes: [string, RegExp, Handler][] = [
    [
      'POST',
      /^\/users\/([^/]+)\/link$/,
      (_req, res, [userId], body) => {
        const input = JSON.parse(body || '{}') as { redirectUri?: string; vendor?: string; vendorType?: string; scopes?: unknown };
        if (!input.redirectUri || input.vendorType !== 'vehicle' || !Array.isArray(input.scopes)) {
          return problem(res, 400, 'Bad request', 'redirectUri, vendorType "vehicle" and scopes are required');
        }
        if (input.vendor !== undefined && !isVendor(input.vendor)) return problem(res, 400, 'Bad request', `Unknown vendor ${input.vendor}`);
        const linkToken = randomBytes(18).toString('base64url');
        links.set(linkToken, { userId, redirectUri: input.redirectUri, vendor: input.vendor as Vendor | undefined });
        json(res, 200, { linkUrl: `${url}/link/${linkToken}`, linkToken });
      },
    ],
    [
      'GET',
      /^\/users\/([^/]+)\/vehicles$/,
      (_req, res, [userId]) => json(res, 200, { data: userVehicles(userId).map((v) => present(touch(v))), pagination: { after: null, before: null } }),
    ],
    [
      'GET',
      /^\/vehicles\/actions\/([^/]+)$/,
      (_req, res, [id]) => {
        const action = actions.get(id);
        return action ? json(res, 200, presentAction(action)) : problem(res, 404, 'Not found', 'No such action');
      },
    ],
    [
      'GET',
      /^\/vehicles\/([^/]+)$/,
      (_req, res, [id]) => {
        const vehicle = vehicles.get(id);
        return vehicle ? json(res, 200, present(touch(vehicle))) : problem(res, 404, 'Not found', 'No such vehicle');
      },
    ],
    [
      'POST',
      /^\/vehicles\/([^/]+)\/charging$/,
      (_req, res, [id], body) => {
        const vehicle = vehicles.get(id);
        if (!vehicle) return problem(res, 404, 'Not found', 'No such vehicle');
        const { action } = JSON.parse(body || '{}') as { action?: string };
        if (action !== 'START' && action !== 'STOP') return problem(res, 400, 'Bad request', 'action must be START or STOP');
        if (vehicle.smartCharging) {
          return problem(res, 422, 'Unprocessable entity', 'Smart charging is enabled for this vehicle; disable it to control charging');
        }
        json(res, 200, presentAction(createAction(touch(vehicle), action)));
      },
    ],
    [
      'DELETE',
      /^\/users\/([^/]+)\/vendors\/([^/]+)$/,
      (_req, res, [userId, vendor]) => {
        for (const v of userVehicles(userId)) if (v.vendor === vendor) vehicles.delete(v.id);
        json(res, 204);
      },
    ],
    [
      'DELETE',
      /^\/users\/([^/]+)$/,
      (_req, res, [userId]) => {
        for (const v of userVehicles(userId)) vehicles.delete(v.id);
        json(res, 204);
      },
    ],
    ['GET', /^\/webhooks$/, (_req, res) => json(res, 200, { data: [...webhooks.values()].map(presentWebhook), pagination: { after: null, before: null } })],
    [
      'POST',
      /^\/webhooks$/,
      (_req, res, _m, body) => {
        const input = JSON.parse(body || '{}') as Partial<SimWebhook>;
        if (!input.url || !input.secret || !Array.isArray(input.events)) return problem(res, 400, 'Bad request', 'url, secret and events are required');
        const hook: SimWebhook = { id: randomUUID(), url: input.url, secret: input.secret, events: input.events, isActive: true, lastSuccess: null, createdAt: new Date().toISOString() };
        webhooks.set(hook.id, hook);
        json(res, 200, presentWebhook(hook));
      },
    ],
    [
      'PATCH',
      /^\/webhooks\/([^/]+)$/,
      (_req, res, [id], body) => {
        const hook = webhooks.get(id);
        if (!hook) return problem(res, 404, 'Not found', 'No such webhook');
        const input = JSON.parse(body || '{}') as Partial<SimWebhook>;
        Object.assign(hook, { url: input.url ?? hook.url, secret: input.secret ?? hook.secret, events: input.events ?? hook.events });
        json(res, 200, presentWebhook(hook));
      },
    ],
    [
      'DELETE',
      /^\/webhooks\/([^/]+)$/,
      (_req, res, [id]) => (webhooks.delete(id) ? json(res, 204) : problem(res, 404, 'Not found', 'No such webhook')),
    ],
    [
      'POST',
      /^\/webhooks\/([^/]+)\/test$/,
      async (_req, res, [id]) => {
        const hook = webhooks.get(id);
        if (!hook) return problem(res, 404, 'Not found', 'No such webhook');
        hook.isActive = true; // a test reactivates an inactive subscription
        await deliverTo(hook, [{ event: 'enode:webhook:test', createdAt: new Date().toISOString(), version: '2024-10-01' }]);
        const last = deliveries.at(-1)!;
        json(res, 200, { status: last.status >= 200 && last.status < 300 ? 'SUCCESS' : 'FAILURE' });
      },
    ],
  ];

  // Enode never shows the secret again.
  const presentWebhook = ({ id, url, events, isActive, lastSuccess, createdAt }: SimWebhook) => ({ id, url, events, isActive, lastSuccess, createdAt });

  // ------------------------------------------------------------ token and Link UI (no bearer token)

  function handleToken(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return json(res, 401, { error: 'invalid_client' });
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, nowMs() + tokenTtlS * 1000);
    json(res, 200, { access_token: token, expires_in: tokenTtlS, scope: '', token_type: 'bearer' });
  }

  const linkVendors = (link: { vendor?: Vendor }) => (link.vendor ? [link.vendor] : (Object.keys(VENDORS) as Vendor[]));

  /** The choices of a link session, for EVConduit's own Link page (/simulator/link/…), which a phone on the network can open. */
  function linkOptions(res: http.ServerResponse, linkToken: string) {
    const link = links.get(linkToken);
    if (!link) return problem(res, 404, 'Not found', 'This link session has expired or was used');
    json(res, 200, { vendors: linkVendors(link).map((vendor) => ({ vendor, brand: VENDORS[vendor].brand })) });
  }

  function linkPage(res: http.ServerResponse, linkToken: string) {
    const link = links.get(linkToken);
    if (!link) return problem(res, 404, 'Not found', 'This link session has expired or was used');
    const vendors = linkVendors(link);
    const options = vendors.map((v) => `<label><input type="radio" name="vendor" value="${v}" required> ${escapeHtml(VENDORS[v].brand)}</label>`).join('<br>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Enode Link (simulator)</title><h1>Link your vehicle</h1>
<form method="post">${options}<p><button name="decision" value="approve">Approve</button>
<button name="decision" value="cancel" formnovalidate>Cancel</button></p></form>`);
  }

  function linkDecision(res: http.ServerResponse, linkToken: string, body: string) {
    const link = links.get(linkToken);
    if (!link) return problem(res, 404, 'Not found', 'This link session has expired or was used');
    links.delete(linkToken); // single-use
    const form = new URLSearchParams(body);
    const target = new URL(link.redirectUri);
    const vendor = form.get('vendor') ?? link.vendor;
    if (form.get('decision') !== 'approve' || !isVendor(vendor)) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_message', 'The user cancelled linking');
    } else {
      const linked = linkVendor(link.userId, vendor);
      void deliver(linked.map((v) => vehicleEvent('user:vehicle:discovered', v)));
    }
    res.writeHead(302, { location: target.toString() }).end();
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { pathname } = new URL(req.url ?? '/', url);
    const version = req.headers['enode-version'];
    requests.push({ method: req.method ?? '', path: pathname, enodeVersion: typeof version === 'string' ? version : undefined });
    if (offline) return problem(res, 503, 'Service unavailable', 'The simulator is offline');
    if (req.method === 'POST' && pathname === '/oauth2/token') return handleToken(req, res, body);
    const linkMatch = /^\/link\/([^/]+)$/.exec(pathname);
    if (linkMatch && req.method === 'GET') return linkPage(res, linkMatch[1]);
    if (linkMatch && req.method === 'POST') return linkDecision(res, linkMatch[1], body);
    const optionsMatch = /^\/link\/([^/]+)\/options$/.exec(pathname);
    if (optionsMatch && req.method === 'GET') return linkOptions(res, optionsMatch[1]);

    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const expiry = tokens.get(bearer);
    if (expiry === undefined || expiry < nowMs()) return problem(res, 401, 'Unauthorized', 'Invalid or expired access token');
    if (typeof version !== 'string') return problem(res, 400, 'Bad request', 'Enode-Version header is required');
    const failure = forced.shift();
    if (failure) return problem(res, failure.status, 'Simulated failure', failure.detail);
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(pathname);
      if (match && method === req.method) return handler(req, res, match.slice(1).map(decodeURIComponent), body);
    }
    problem(res, 404, 'Not found', `The simulator does not serve ${req.method} ${pathname}`);
  }

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) problem(res, 500, 'Internal error', String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    oauthUrl: `${url}/oauth2/token`,
    clientId,
    clientSecret,
    env: (webhookSecret) => ({
      ENODE_API_URL: url,
      ENODE_OAUTH_URL: `${url}/oauth2/token`,
      ENODE_CLIENT_ID: clientId,
      ENODE_CLIENT_SECRET: clientSecret,
      ...(webhookSecret ? { ENODE_WEBHOOK_SECRET: webhookSecret } : {}),
    }),
    requests,
    count: (method, path) => requests.filter((r) => r.method === method && r.path === path).length,
    deliveries,
    revokeTokens: () => tokens.clear(),
    failNext: (status, count = 1, detail = 'Simulated failure') => {
      forced = [...forced, ...Array.from({ length: count }, () => ({ status, detail }))];
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setOffline: (value) => {
      offline = value;
    },
    linkVehicle: (userId, vendor = 'TESLA') => present(linkVendor(userId, vendor)[0]),
    vehicle: (id) => vehicles.get(id),
    webhook: (id) => webhooks.get(id),
    addWebhook: (hookUrl, secret, events = ['*']) => {
      const hook: SimWebhook = { id: randomUUID(), url: hookUrl, secret, events, isActive: true, lastSuccess: null, createdAt: new Date().toISOString() };
      webhooks.set(hook.id, hook);
      return hook;
    },
    deliver,
    settled: async () => {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    sign,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
