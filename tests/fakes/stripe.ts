/**
 * A small real HTTP server playing the Stripe API for tests, for the calls
 * EVConduit makes through the official SDK (pointed here with
 * STRIPE_API_URL): customers, prices listed by lookup key, checkout and
 * portal sessions, subscriptions, invoices. Bodies and queries are
 * form-encoded with bracketed keys, as the SDK sends them; an
 * `Idempotency-Key` replays the first answer, as Stripe does. Tests drive
 * what a customer would do in Stripe (pay, cancel, fail a renewal) and sign
 * events with the SDK's own `generateTestHeaderString`. A browser sent to the
 * Checkout URL pays at once and is sent to the success URL.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export const FAKE_STRIPE_KEY = 'sk_test_fake_evconduit';
export const FAKE_WEBHOOK_SECRET = 'whsec_fake_evconduit';

type Obj = Record<string, any>;

export interface FakePrice {
  lookupKey: string;
  /** Recurring interval; none for a one-time price. */
  interval?: 'month' | 'year';
  unitAmount?: number;
}

export const DEFAULT_PRICES: FakePrice[] = [
  { lookupKey: 'basic_monthly', interval: 'month', unitAmount: 299 },
  { lookupKey: 'basic_yearly', interval: 'year', unitAmount: 2990 },
  { lookupKey: 'pro_monthly', interval: 'month', unitAmount: 699 },
  { lookupKey: 'pro_yearly', interval: 'year', unitAmount: 6990 },
  { lookupKey: 'tokens_1000', unitAmount: 199 },
  { lookupKey: 'tokens_5000', unitAmount: 799 },
  { lookupKey: 'tokens_10000', unitAmount: 1399 },
  { lookupKey: 'sms_50', unitAmount: 499 },
  { lookupKey: 'sms_200', unitAmount: 1799 },
  { lookupKey: 'sms_1000', unitAmount: 7999 },
];

export interface FakeStripe {
  /** STRIPE_API_URL for the server. */
  url: string;
  /** The environment that turns billing on against this fake. */
  env: Record<string, string>;
  customers: Map<string, Obj>;
  sessions: Map<string, Obj>;
  subscriptions: Map<string, Obj>;
  invoices: Obj[];
  /** `METHOD /path` of every request so far. */
  requests: string[];
  /** The customer pays: the session completes; a subscription session gets an active subscription and a paid invoice. */
  completeCheckout(sessionId: string): Obj;
  /** Changes a subscription as Stripe would (cancel, renewal failure, …). */
  updateSubscription(id: string, changes: Obj): Obj;
  /** The next `count` API requests answer 500, as in an outage (the SDK retries twice). */
  failRequests(count: number): void;
  /** A webhook event around `object` (a fresh id each call). */
  event(type: string, object: Obj): Obj;
  /** The `Stripe-Signature` header for `payload`, signed now or at `timestamp` (Unix seconds). */
  sign(payload: string, secret?: string, timestamp?: number): string;
  close(): Promise<void>;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
const seconds = () => Math.floor(Date.now() / 1000);
const DAY_S = 86_400;

/** `a[b][0]=x&a[b][1]=y` → `{ a: { b: ['x', 'y'] } }` (qs style, as the SDK encodes). */
export function parseForm(text: string): Obj {
  const root: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = rawKey.replace(/\]/g, '').split('[');
    let node: any = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1]);
      const key = segment === '' && Array.isArray(node) ? node.length : segment;
      if (last) node[key] = value;
      else node = node[key] ??= nextIsIndex ? [] : {};
    });
  }
  return root;
}

const list = (url: string, data: Obj[]) => ({ object: 'list', url, has_more: false, data });

export async function startFakeStripe(options: { prices?: FakePrice[] } = {}): Promise<FakeStripe> {
  const sdk = new Stripe(FAKE_STRIPE_KEY);
  const prices = (options.prices ?? DEFAULT_PRICES).map((p) => ({
    id: newId('price'),
    object: 'price',
    active: true,
    currency: 'eur',
    lookup_key: p.lookupKey,
    unit_amount: p.unitAmount ?? 100,
    type: p.interval ? 'recurring' : 'one_time',
    recurring: p.interval ? { interval: p.interval, interval_count: 1 } : null,
  }));
  const customers = new Map<string, Obj>();
  const sessions = new Map<string, Obj>();
  const subscriptions = new Map<string, Obj>();
  const invoices: Obj[] = [];
  const requests: string[] = [];
  const portalReturns = new Map<string, string>();
  let failing = 0;
  const idempotent = new Map<string, { status: number; body: unknown }>();
  let url = '';

  const stripeError = (status: number, message: string, type = 'invalid_request_error') => ({
    status,
    body: { error: { type, message } },
  });

  function addInvoice(customer: string, subscription: string, amount: number, status: 'paid' | 'open') {
    const invoice = {
      id: newId('in'),
      object: 'invoice',
      customer,
      number: `EVC-${String(invoices.length + 1).padStart(4, '0')}`,
      status,
      total: amount,
      amount_due: amount,
      amount_paid: status === 'paid' ? amount : 0,
      currency: 'eur',
      created: seconds(),
      hosted_invoice_url: `${url}/invoices/${invoices.length + 1}`,
      invoice_pdf: `${url}/invoices/${invoices.length + 1}.pdf`,
      parent: { type: 'subscription_details', subscription_details: { subscription, metadata: {} }, quote_details: null },
    };
    invoices.push(invoice);
    return invoice;
  }

  function completeCheckout(sessionId: string): Obj {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    const price = prices.find((p) => p.id === session.line_items[0].price)!;
    session.status = 'complete';
    session.payment_status = 'paid';
    if (session.mode === 'subscription') {
      const start = seconds();
      const end = start + (price.recurring?.interval === 'year' ? 365 : 30) * DAY_S;
      const sub = {
        id: newId('sub'),
        object: 'subscription',
        customer: session.customer,
        status: 'active',
        cancel_at_period_end: false,
        cancel_at: null,
        canceled_at: null,
        trial_end: null,
        metadata: session.subscription_data?.metadata ?? {},
        created: start,
        items: {
          object: 'list',
          data: [{ id: newId('si'), object: 'subscription_item', price, quantity: 1, current_period_start: start, current_period_end: end }],
        },
      };
      subscriptions.set(sub.id, sub);
      session.subscription = sub.id;
      addInvoice(session.customer, sub.id, price.unit_amount, 'paid');
    }
    return session;
  }

  function route(method: string, path: string, params: Obj): { status: number; body: unknown } {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/customers') {
      const customer = { id: newId('cus'), object: 'customer', email: params.email ?? null, metadata: params.metadata ?? {}, created: seconds() };
      customers.set(customer.id, customer);
      return { status: 200, body: customer };
    }
    if (method === 'GET' && path === '/v1/prices') {
      const keys: string[] = Object.values(params.lookup_keys ?? {});
      const found = prices.filter(
        (p) => (keys.length === 0 || keys.includes(p.lookup_key)) && (params.active === undefined || String(p.active) === params.active),
      );
      return { status: 200, body: list('/v1/prices', found) };
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (!customers.has(params.customer)) return stripeError(400, `No such customer: '${params.customer}'`);
      const priceId = params.line_items?.[0]?.price;
      if (!prices.some((p) => p.id === priceId)) return stripeError(400, `No such price: '${priceId}'`);
      const id = newId('cs_test');
      const session = {
        id,
        object: 'checkout.session',
        mode: params.mode,
        customer: params.customer,
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        subscription_data: params.subscription_data ?? null,
        line_items: params.line_items,
        status: 'open',
        payment_status: 'unpaid',
        subscription: null as string | null,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        url: `${url}/pay/${id}`,
        created: seconds(),
      };
      sessions.set(id, session);
      return { status: 200, body: session };
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/checkout\/sessions\/([\w-]+)$/))) {
      const session = sessions.get(m[1]);
      return session ? { status: 200, body: session } : stripeError(404, `No such checkout.session: '${m[1]}'`);
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!customers.has(params.customer)) return stripeError(400, `No such customer: '${params.customer}'`);
      const id = newId('bps');
      portalReturns.set(id, params.return_url);
      return { status: 200, body: { id, object: 'billing_portal.session', customer: params.customer, return_url: params.return_url, url: `${url}/portal/${id}` } };
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/subscriptions\/(\w+)$/))) {
      const sub = subscriptions.get(m[1]);
      return sub ? { status: 200, body: sub } : stripeError(404, `No such subscription: '${m[1]}'`);
    }
    if (method === 'GET' && path === '/v1/invoices') {
      const found = invoices.filter((i) => !params.customer || i.customer === params.customer).reverse();
      return { status: 200, body: list('/v1/invoices', found.slice(0, Number(params.limit ?? 10))) };
    }
    return stripeError(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://fake');
      const method = req.method ?? 'GET';
      requests.push(`${method} ${parsed.pathname}`);
      // The hosted pages a browser is sent to: the customer pays (or leaves the portal) at once.
      const page = method === 'GET' && parsed.pathname.match(/^\/(pay|portal)\/([\w-]+)$/);
      if (page) {
        const location =
          page[1] === 'portal'
            ? portalReturns.get(page[2])
            : sessions.has(page[2])
              ? String(completeCheckout(page[2]).success_url).replace('{CHECKOUT_SESSION_ID}', page[2])
              : undefined;
        res.writeHead(location ? 303 : 404, location ? { location } : {});
        return res.end();
      }
      let answer: { status: number; body: unknown };
      if (failing > 0) {
        failing -= 1;
        answer = stripeError(500, 'Fake outage', 'api_error');
      } else if (req.headers.authorization !== `Bearer ${FAKE_STRIPE_KEY}`) {
        answer = stripeError(401, 'Invalid API Key provided', 'invalid_request_error');
      } else {
        const key = method === 'POST' ? req.headers['idempotency-key'] : undefined;
        const replay = typeof key === 'string' ? idempotent.get(key) : undefined;
        answer = replay ?? route(method, parsed.pathname, parseForm(method === 'GET' ? parsed.search.slice(1) : text));
        if (typeof key === 'string' && !replay) idempotent.set(key, answer);
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': newId('req') });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    env: { STRIPE_SECRET_KEY: FAKE_STRIPE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_URL: url },
    customers,
    sessions,
    subscriptions,
    invoices,
    requests,
    completeCheckout,
    updateSubscription(id, changes) {
      const sub = subscriptions.get(id);
      if (!sub) throw new Error(`No subscription ${id}`);
      Object.assign(sub, changes);
      if (changes.status === 'past_due') addInvoice(sub.customer, id, sub.items.data[0].price.unit_amount, 'open');
      return sub;
    },
    failRequests(count) {
      failing = count;
    },
    event(type, object) {
      return {
        id: newId('evt'),
        object: 'event',
        api_version: Stripe.API_VERSION,
        created: seconds(),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object: structuredClone(object) },
      };
    },
    sign: (payload, secret = FAKE_WEBHOOK_SECRET, timestamp?: number) =>
      sdk.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
