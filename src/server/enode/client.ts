/**
 * Enode API client: client-credentials token (cached, refreshed once on 401),
 * pinned API version, per-attempt timeouts, bounded retries with back-off on
 * 429/5xx/network errors, and every response validated with zod.
 */
import { z } from 'zod';
import type { EnodeConfig } from '@/server/config';
import { now } from '@/server/clock';
import { getLogger } from '@/server/observability/logger';
import { enodeFailure, translatedEnodeError } from './errors';
import {
  actionSchema,
  linkSessionSchema,
  paginated,
  problemSchema,
  tokenResponseSchema,
  vehicleSchema,
  webhookSchema,
  type EnodeAction,
  type EnodeVehicle,
  type EnodeWebhook,
} from './schemas';
import { processState } from '@/server/runtime';

/** The vehicle shape changed across versions: pin the one this code reads. */
export const ENODE_VERSION = '2024-10-01';
export const VEHICLE_SCOPES = ['vehicle:read:data', 'vehicle:read:location', 'vehicle:control:charging'];

export interface EnodeClientOptions extends Pick<EnodeConfig, 'apiUrl' | 'oauthUrl' | 'clientId' | 'clientSecret'> {
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx and network errors. */
  retries?: number;
  /** First back-off delay; doubles per retry. */
  backoffMs?: number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

// Token cache per credentials, shared by server.ts and Next's module copies.
const tokens: Map<string, Promise<CachedToken>> = processState<Map<string, Promise<CachedToken>>>('enodeTokens', () => new Map());

/** Renew this long before Enode's expiry, so a token never expires in flight. */
const TOKEN_MARGIN_MS = 60_000;
const MAX_RETRY_AFTER_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RequestOptions<T extends z.ZodType> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Undefined: the response has no body (204). */
  schema?: T;
}

export class EnodeClient {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly cacheKey: string;

  constructor(private readonly options: EnodeClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 250;
    this.cacheKey = `${options.oauthUrl}|${options.clientId}`;
  }

  // ------------------------------------------------------------ endpoints

  createLinkSession(userId: string, input: { redirectUri: string; vendor?: string; language?: string }) {
    return this.request(`/users/${enc(userId)}/link`, {
      method: 'POST',
      body: {
        vendorType: 'vehicle',
        scopes: VEHICLE_SCOPES,
        language: input.language ?? 'en-US',
        redirectUri: input.redirectUri,
        ...(input.vendor ? { vendor: input.vendor } : {}),
      },
      schema: linkSessionSchema,
    });
  }

  async listUserVehicles(userId: string): Promise<EnodeVehicle[]> {
    const vehicles: EnodeVehicle[] = [];
    let after: string | undefined;
    // Enode pages with `pagination.after`; a user has few vehicles, so a few pages at most.
    for (let page = 0; page < 20; page++) {
      const query = new URLSearchParams({ pageSize: '50', ...(after ? { after } : {}) });
      const result = await this.request(`/users/${enc(userId)}/vehicles?${query}`, { schema: paginated(vehicleSchema) });
      vehicles.push(...result.data);
      const next = result.pagination?.after;
      if (typeof next !== 'string' || !next || result.data.length === 0) break;
      after = next;
    }
    return vehicles;
  }

  getVehicle(vehicleId: string): Promise<EnodeVehicle> {
    return this.request(`/vehicles/${enc(vehicleId)}`, { schema: vehicleSchema });
  }

  chargingAction(vehicleId: string, action: 'START' | 'STOP'): Promise<EnodeAction> {
    return this.request(`/vehicles/${enc(vehicleId)}/charging`, { method: 'POST', body: { action }, schema: actionSchema });
  }

  getAction(actionId: string): Promise<EnodeAction> {
    return this.request(`/vehicles/actions/${enc(actionId)}`, { schema: actionSchema });
  }

  async unlinkVendor(userId: string, vendor: string): Promise<void> {
    await this.request(`/users/${enc(userId)}/vendors/${enc(vendor)}`, { method: 'DELETE' });
  }

  async deleteUser(userId: string): Promise<void> {
    await this.request(`/users/${enc(userId)}`, { method: 'DELETE' });
  }

  async listWebhooks(): Promise<EnodeWebhook[]> {
    return (await this.request('/webhooks', { schema: paginated(webhookSchema) })).data;
  }

  createWebhook(input: { url: string; secret: string; events: string[]; apiVersion?: string }) {
    return this.request('/webhooks', { method: 'POST', body: { apiVersion: ENODE_VERSION, ...input }, schema: webhookSchema });
  }

  updateWebhook(id: string, input: Partial<{ url: string; secret: string; events: string[] }>) {
    return this.request(`/webhooks/${enc(id)}`, { method: 'PATCH', body: input, schema: webhookSchema });
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.request(`/webhooks/${enc(id)}`, { method: 'DELETE' });
  }

  testWebhook(id: string) {
    return this.request(`/webhooks/${enc(id)}/test`, { method: 'POST', schema: z.looseObject({ status: z.string() }) });
  }

  // ------------------------------------------------------------ plumbing

  private async token(forceNew = false): Promise<string> {
    const cached = tokens.get(this.cacheKey);
    if (cached && !forceNew) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt > now().getTime()) return token.value;
    }
    // One token request at a time per credentials: concurrent callers share it.
    const fetching = this.fetchToken();
    tokens.set(this.cacheKey, fetching);
    fetching.catch(() => tokens.delete(this.cacheKey));
    return (await fetching).value;
  }

  private async fetchToken(): Promise<CachedToken> {
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    const response = await this.send(() =>
      fetch(this.options.oauthUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(this.timeoutMs),
      }),
    );
    if (!response.ok) {
      getLogger().error({ status: response.status }, 'Enode token request failed');
      if (response.status === 429 || response.status >= 500) throw enodeFailure(response.status, undefined);
      throw translatedEnodeError(response.status, 502, 'enode_auth_failed', 'errors.enode.authFailed');
    }
    const token = parseOrFail(tokenResponseSchema, await response.json().catch(() => undefined), 'token');
    return { value: token.access_token, expiresAt: now().getTime() + token.expires_in * 1000 - TOKEN_MARGIN_MS };
  }

  /**
   * Sends with retries on 429, 5xx and network errors; returns the last response.
   * POSTs are retried too: Enode reuses a pending charging action of the same
   * kind, and an unused link session simply expires.
   */
  private async send(attempt: () => Promise<Response>): Promise<Response> {
    for (let retry = 0; ; retry++) {
      let response: Response | undefined;
      try {
        response = await attempt();
      } catch (error) {
        if (retry >= this.retries) {
          getLogger().warn({ reason: error instanceof Error ? error.message : String(error) }, 'Enode request failed');
          throw enodeFailure(0, undefined);
        }
      }
      if (response && response.status !== 429 && response.status < 500) return response;
      if (response && retry >= this.retries) return response;
      await response?.body?.cancel();
      await sleep(this.delay(retry, response));
    }
  }

  private delay(retry: number, response: Response | undefined): number {
    const retryAfter = Number(response?.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
    return this.backoffMs * 2 ** retry;
  }

  private async request<T extends z.ZodType = z.ZodUndefined>(path: string, options: RequestOptions<T> = {}): Promise<z.infer<T>> {
    const call = async (token: string) =>
      this.send(() =>
        fetch(this.options.apiUrl + path, {
          method: options.method ?? 'GET',
          headers: {
            authorization: `Bearer ${token}`,
            'enode-version': ENODE_VERSION,
            accept: 'application/json',
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(this.timeoutMs),
        }),
      );
    let response = await call(await this.token());
    if (response.status === 401) {
      // The token may have been revoked or rotated early: one fresh token, one more try.
      await response.body?.cancel();
      response = await call(await this.token(true));
    }
    const text = await response.text();
    const data: unknown = text === '' ? undefined : safeJson(text);
    if (!response.ok) {
      const problem = problemSchema.safeParse(data);
      const detail = problem.success ? (problem.data.detail ?? problem.data.title ?? undefined) : undefined;
      getLogger().warn({ status: response.status, path: path.split('?')[0], detail }, 'Enode request refused');
      throw enodeFailure(response.status, detail);
    }
    if (!options.schema) return undefined as z.infer<T>;
    return parseOrFail(options.schema, data, path.split('?')[0]);
  }
}

const enc = encodeURIComponent;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseOrFail<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    getLogger().error({ what, issues: result.error.issues.slice(0, 5) }, 'Unexpected Enode response');
    throw translatedEnodeError(200, 502, 'enode_bad_response', 'errors.enode.badResponse');
  }
  return result.data;
}
