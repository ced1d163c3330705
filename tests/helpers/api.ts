import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { LogEntry, TestServer } from './server';

export interface ApiRequest {
  method?: string;
  /** An API key, sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** A `name=value` cookie pair. */
  cookie?: string;
  /** JSON-encoded unless it is a string already. */
  body?: unknown;
  /** Mutations send the server's own origin unless told otherwise; null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (tests read the fields they expect), the raw text when it is not JSON, undefined when empty. */
  body: any;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function api(server: Pick<TestServer, 'url'>, path: string, request: ApiRequest = {}): Promise<ApiResponse> {
  const method = request.method ?? 'GET';
  const headers = new Headers(request.headers);
  if (request.key !== undefined) headers.set('authorization', `Bearer ${request.key}`);
  if (request.cookie) headers.set('cookie', request.cookie);
  if (request.body !== undefined) headers.set('content-type', 'application/json');
  const origin = request.origin === undefined ? server.url : request.origin;
  if (!SAFE_METHODS.has(method) && origin !== null) headers.set('origin', origin);
  const response = await fetch(server.url + path, {
    method,
    headers,
    body: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
    redirect: 'manual',
  });
  const text = await response.text();
  let body: unknown = text === '' ? undefined : text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** The session cookie a sign-up or sign-in response set, as a `name=value` pair. */
export function sessionCookie(response: ApiResponse): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('evc_session='));
  if (!cookie) throw new Error(`No session cookie in the response (status ${response.status})`);
  return cookie.split(';')[0];
}

export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(5).toString('hex')}@example.com`;
export const DEFAULT_PASSWORD = 'correct horse battery';

export interface Account {
  cookie: string;
  user: { id: string; email: string; role: 'user' | 'admin'; [field: string]: unknown };
  email: string;
  password: string;
}

/** The token in the link of the newest mail to `email` (logged: the test servers have no SMTP) whose link has `linkPath`. */
export async function mailedToken(server: TestServer, email: string, linkPath: string): Promise<string> {
  const pattern = new RegExp(`${server.url}${linkPath}\\?token=([\\w-]+)`);
  const isMail = (entry: LogEntry) => entry.mail?.to === email && pattern.test(entry.mail.text);
  await server.waitForLog(isMail);
  const newest = server.entries().filter(isMail).at(-1)!;
  return pattern.exec(newest.mail.text)![1];
}

/**
 * Signs up as a person would: sign-up (202, no session), then, unless
 * `verified: false`, the link from the confirmation mail, then sign-in.
 */
export async function signUp(
  server: TestServer,
  email = uniqueEmail(),
  password = DEFAULT_PASSWORD,
  options: { verified?: boolean } = {},
): Promise<Account> {
  const response = await api(server, '/api/auth/signup', { method: 'POST', body: { email, password } });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  if (options.verified !== false) {
    const token = await mailedToken(server, email, '/verify-email');
    const verified = await api(server, '/api/auth/verify-email', { method: 'POST', body: { token } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  }
  const signedIn = await signIn(server, email, password);
  expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
  return { cookie: sessionCookie(signedIn), user: signedIn.body.user, email, password };
}

export async function signIn(server: TestServer, email: string, password: string): Promise<ApiResponse> {
  return api(server, '/api/auth/signin', { method: 'POST', body: { email, password } });
}

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  scope: 'ha' | 'full';
  key: string;
  created_at: string;
  last_used_at: string | null;
}

export async function createApiKey(
  server: TestServer,
  cookie: string,
  name: string,
  scope: 'ha' | 'full' = 'ha',
): Promise<CreatedApiKey> {
  const response = await api(server, '/api/keys', { method: 'POST', cookie, body: { name, scope } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as CreatedApiKey;
}

/** Asserts the API's one error shape and returns the body. */
export function expectError(response: ApiResponse, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ code, detail: expect.any(String) });
  expect(response.body.detail.length).toBeGreaterThan(0);
  return response.body;
}
