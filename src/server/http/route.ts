import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { getConfig } from '@/server/config';
import type { User } from '@/server/db/schema';
import type { ApiKeyScope } from '@/server/apikeys/apikeys';
import { authenticate, type AuthContext } from '@/server/auth/current-user';
import { isEmailVerified } from '@/server/auth/local';
import { getLogger } from '@/server/observability/logger';
import { metrics } from '@/server/observability/metrics';
import { captureError } from '@/server/observability/sentry';
import { beginMeteredCall, endMeteredCall, isMeteredCaller } from '@/server/usage/metering';
import type { Locale } from '@/i18n/locales';
import { requestLocale } from '@/i18n/negotiate';
import { serverTranslator } from '@/i18n/messages';
import { AppError, errorBody, translatedError, unauthorized, validationError } from './errors';
import { assertSafeText, readBodyCapped } from './input';

type Access = 'public' | 'user' | 'admin';

interface RouteOptions<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  /** Who may call: anyone, any approved signed-in user or key holder, or admins. */
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** Unapproved accounts may still reach this route (their own profile, sign-out). */
  allowUnapproved?: boolean;
  /**
   * API keys of this scope may call the route too. Without it only sessions
   * and `full` keys may: a new route is out of a Home Assistant key's reach
   * unless it says otherwise.
   */
  keyScope?: ApiKeyScope;
  /** Only accounts with a confirmed e-mail address (what creates keys, charge points, vehicle links). */
  verifiedEmail?: boolean;
  /** Counted against the plan allowance when called with an API key (status, charging, odometer). */
  metered?: boolean;
  /** A webhook from another service: it has no Origin header, and the handler verifies its signature instead. */
  webhook?: boolean;
  /** The handler gets the body as bytes (`rawBody`, e.g. to check a signature) instead of parsed JSON. */
  rawBody?: boolean;
  /** Largest body this route takes; default `HTTP_MAX_BODY_BYTES`. */
  maxBodyBytes?: number;
}

export interface RouteContext<B, Q, P, A extends Access> {
  req: NextRequest;
  auth: A extends 'public' ? AuthContext | undefined : AuthContext;
  user: A extends 'public' ? User | undefined : User;
  body: B;
  /** The body's bytes, read with the cap; only for routes declared `rawBody: true`. */
  rawBody: Buffer;
  query: Q;
  params: P;
  /** The caller's language (profile, else Accept-Language): for texts the server words itself in an answer. */
  locale: Locale;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Browser mutations must come from our own origin (cookie auth is CSRF-prone). */
function assertSameOrigin(req: NextRequest) {
  const origin = req.headers.get('origin');
  const allowed = new Set([new URL(getConfig().appUrl).origin]);
  const host = req.headers.get('host');
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  if (!origin || !allowed.has(origin)) throw translatedError(403, 'bad_origin', 'errors.badOrigin');
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw translatedError(400, 'invalid_json', 'errors.invalidJson');
  }
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: 'body' | 'query' | 'path') {
  assertSafeText(value, where);
  if (!schema) return undefined as z.infer<T>;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** `locale`: the language of the `detail` and field messages (the request's: profile, else Accept-Language). */
export function toErrorResponse(error: unknown, locale = 'en'): Response {
  if (error instanceof AppError) {
    return Response.json(errorBody(error, locale), { status: error.status, headers: error.headers });
  }
  // The caller learns only a reference to quote; what went wrong (SQL, ids) stays in the log.
  const reference = randomUUID();
  getLogger().error({ err: error, reference }, 'unhandled error in API route');
  captureError(error);
  const detail = serverTranslator(locale)('errors.internal', { reference });
  return Response.json({ detail, code: 'internal_error', reference }, { status: 500 });
}

/**
 * The one wrapper for API routes: authenticate (session cookie or API key),
 * read the body with its cap, refuse unsafe text and validate path, query and
 * body with zod, call the handler, map errors to `{"detail", "code"}`. A
 * handler returns a Response or JSON-able data.
 */
export function route<
  A extends Access,
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(
  options: RouteOptions<B, Q, P> & { access: A },
  handler: (ctx: RouteContext<z.infer<B>, z.infer<Q>, z.infer<P>, A>) => Promise<unknown>,
) {
  return async (req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => {
    // Errors answer in the caller's language: the profile's once we know who calls, else Accept-Language.
    let locale = requestLocale(undefined, req.headers);
    try {
      const auth = await authenticate(req.headers, await cookies());
      locale = requestLocale(auth?.user, req.headers);
      if (options.access !== 'public') {
        if (!auth) throw unauthorized();
        if (!auth.user.isApproved && !options.allowUnapproved && auth.user.role !== 'admin') {
          throw translatedError(403, 'account_pending_approval', 'errors.pendingApproval');
        }
        if (options.access === 'admin' && auth.user.role !== 'admin') {
          throw translatedError(403, 'admin_required', 'errors.adminRequired');
        }
        if (auth.method === 'api_key' && auth.apiKeyScope !== 'full' && auth.apiKeyScope !== options.keyScope) {
          throw translatedError(403, 'insufficient_scope', 'errors.insufficientScope');
        }
        if (options.verifiedEmail && !(await isEmailVerified(auth.user.id))) {
          throw translatedError(403, 'email_not_verified', 'errors.emailNotVerified');
        }
      }
      if (!SAFE_METHODS.has(req.method) && auth?.method !== 'api_key' && !options.webhook) assertSameOrigin(req);
      const call = async () => {
        const params = parse(options.params, await context.params, 'path');
        const query = parse(options.query, Object.fromEntries(req.nextUrl.searchParams), 'query');
        const raw = options.body || options.rawBody ? await readBodyCapped(req, options.maxBodyBytes ?? getConfig().http.maxBodyBytes) : undefined;
        const body = options.body ? parse(options.body, parseJson(raw!), 'body') : undefined;
        const ctx = { req, auth, user: auth?.user, body, rawBody: options.rawBody ? raw : undefined, query, params, locale };
        return toResponse(await handler(ctx as RouteContext<z.infer<B>, z.infer<Q>, z.infer<P>, A>));
      };
      if (!options.metered || !isMeteredCaller(auth)) return await call();

      const { haCalls } = metrics();
      const charge = await beginMeteredCall(auth).catch((error: unknown) => {
        haCalls.inc({ outcome: error instanceof AppError ? 'refused' : 'error' });
        throw error;
      });
      const response = await call().catch((error: unknown) => toErrorResponse(error, locale));
      // A failed call is refunded (endMeteredCall): it does not count against the allowance.
      haCalls.inc({ outcome: response.status < 400 ? 'counted' : 'refunded' });
      const headers = await endMeteredCall(charge, {
        apiKeyId: auth.apiKeyId,
        endpoint: req.nextUrl.pathname,
        status: response.status,
      });
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    } catch (error) {
      return toErrorResponse(error, locale);
    }
  };
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return Response.json(result);
}
