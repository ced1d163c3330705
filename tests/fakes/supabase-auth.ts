/**
 * A small real HTTP server playing Supabase Auth for tests: it signs access
 * tokens with its own ES256 key, publishes the key set, and answers the few
 * endpoints the server-side SDK calls (refresh, PKCE code exchange, logout).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface MintOptions {
  sub: string;
  email: string;
  /** Seconds from now; negative for an already expired token. Default 3600. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
  userMetadata?: Record<string, unknown>;
}

/** A session as supabase-js keeps it (and @supabase/ssr stores it in the cookie). */
export interface FakeSession {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: { id: string; aud: string; role: string; email: string; app_metadata: object; user_metadata: object };
}

export interface FakeSupabaseAuth {
  /** The project URL (SUPABASE_URL). */
  url: string;
  /** The id of the signing key (`kid`), for tokens signed with a foreign key under the same id. */
  keyId: string;
  /** The session cookie name @supabase/ssr uses for this project URL. */
  cookieName: string;
  mintAccessToken(options: MintOptions): Promise<string>;
  /** Signs someone in: a session whose refresh token the fake accepts. */
  startSession(options: MintOptions): Promise<FakeSession>;
  /** A one-time PKCE code that exchanges, with `codeVerifier`, for `session`. */
  issueCode(session: FakeSession, codeVerifier: string): string;
  /** A `Cookie` header value holding `session` the way @supabase/ssr writes it, split into chunks when long. */
  sessionCookie(session: FakeSession): string;
  /** The cookie the browser client leaves while a magic-link or OAuth sign-in is pending. */
  codeVerifierCookie(codeVerifier: string): string;
  /** Whether a refresh token is still accepted (false after logout). */
  isRefreshTokenActive(refreshToken: string): boolean;
  /** `METHOD /path?query` of every request so far. */
  requests: string[];
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body?: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

const readBody = async (req: http.IncomingMessage): Promise<Record<string, string>> => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Record<string, string>) : {};
};

// @supabase/ssr: values are `base64-` + base64url(JSON); a value longer than this is split into `<name>.0`, `<name>.1`, …
const COOKIE_CHUNK_SIZE = 3180;
const cookieValue = (stored: unknown) => `base64-${Buffer.from(JSON.stringify(stored)).toString('base64url')}`;

function cookiePairs(name: string, value: string): string {
  if (value.length <= COOKIE_CHUNK_SIZE) return `${name}=${value}`;
  const chunks: string[] = [];
  for (let i = 0; i * COOKIE_CHUNK_SIZE < value.length; i++) {
    chunks.push(`${name}.${i}=${value.slice(i * COOKIE_CHUNK_SIZE, (i + 1) * COOKIE_CHUNK_SIZE)}`);
  }
  return chunks.join('; ');
}

const authError = (code: string, message: string) => ({ code, error_code: code, msg: message, message });

export async function startFakeSupabaseAuth(): Promise<FakeSupabaseAuth> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const keyId = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: keyId, alg: 'ES256', use: 'sig' }] };
  const sessionsByRefreshToken = new Map<string, MintOptions>();
  const refreshTokenByAccessToken = new Map<string, string>();
  const codes = new Map<string, { session: FakeSession; codeVerifier: string }>();
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    void handle(req, res).catch((error: unknown) => json(res, 500, authError('unexpected_failure', String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const mintAccessToken = async (options: MintOptions, key: CryptoKey = privateKey) => {
    const issuedAt = Math.floor(Date.now() / 1000);
    return new SignJWT({
      email: options.email,
      role: 'authenticated',
      aal: 'aal1',
      session_id: randomUUID(),
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: options.userMetadata ?? {},
    })
      .setProtectedHeader({ alg: 'ES256', kid: keyId, typ: 'JWT' })
      .setSubject(options.sub)
      .setIssuer(options.issuer ?? `${url}/auth/v1`)
      .setAudience(options.audience ?? 'authenticated')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (options.expiresIn ?? 3600))
      .sign(key);
  };

  const startSession = async (options: MintOptions): Promise<FakeSession> => {
    const expiresIn = options.expiresIn ?? 3600;
    const refreshToken = randomBytes(12).toString('hex');
    const accessToken = await mintAccessToken(options);
    sessionsByRefreshToken.set(refreshToken, options);
    refreshTokenByAccessToken.set(accessToken, refreshToken);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: expiresIn,
      expires_at: Math.floor(Date.now() / 1000) + expiresIn,
      refresh_token: refreshToken,
      user: {
        id: options.sub,
        aud: 'authenticated',
        role: 'authenticated',
        email: options.email,
        app_metadata: { provider: 'email', providers: ['email'] },
        user_metadata: options.userMetadata ?? {},
      },
    };
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const { pathname, searchParams } = new URL(req.url ?? '/', url);
    if (req.method === 'GET' && pathname === '/auth/v1/.well-known/jwks.json') return json(res, 200, jwks);
    if (req.method === 'POST' && pathname === '/auth/v1/token') {
      const body = await readBody(req);
      const grant = searchParams.get('grant_type');
      if (grant === 'refresh_token') {
        const owner = sessionsByRefreshToken.get(body.refresh_token);
        if (!owner) return json(res, 400, authError('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found'));
        sessionsByRefreshToken.delete(body.refresh_token); // refresh tokens are single-use
        return json(res, 200, await startSession({ ...owner, expiresIn: 3600 }));
      }
      if (grant === 'pkce') {
        const pending = codes.get(body.auth_code);
        codes.delete(body.auth_code);
        if (!pending || pending.codeVerifier !== body.code_verifier) {
          return json(res, 400, authError('bad_code_verifier', 'code challenge does not match previously saved code verifier'));
        }
        return json(res, 200, pending.session);
      }
    }
    if (req.method === 'POST' && pathname === '/auth/v1/logout') {
      const accessToken = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      const refreshToken = refreshTokenByAccessToken.get(accessToken);
      if (refreshToken) sessionsByRefreshToken.delete(refreshToken);
      res.writeHead(204).end();
      return;
    }
    json(res, 404, authError('not_found', `The fake does not serve ${req.method} ${pathname}`));
  }

  const cookieName = `sb-${new URL(url).hostname.split('.')[0]}-auth-token`;
  return {
    url,
    keyId,
    cookieName,
    sessionCookie: (session) => cookiePairs(cookieName, cookieValue(session)),
    codeVerifierCookie: (codeVerifier) => `${cookieName}-code-verifier=${cookieValue(codeVerifier)}`,
    mintAccessToken: (options) => mintAccessToken(options),
    startSession,
    issueCode: (session, codeVerifier) => {
      const code = randomUUID();
      codes.set(code, { session, codeVerifier });
      return code;
    },
    isRefreshTokenActive: (refreshToken) => sessionsByRefreshToken.has(refreshToken),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
