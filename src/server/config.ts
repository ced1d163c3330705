import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = (protocols: string[]) =>
  optionalString.pipe(
    z
      .url({ protocol: new RegExp(`^(${protocols.join('|')})$`) })
      .optional(),
  );

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    APP_URL: optionalUrl(['http', 'https']),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    SESSION_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    SUPABASE_URL: optionalUrl(['http', 'https']),
    SUPABASE_ANON_KEY: optionalString,
    SUPABASE_JWKS_URL: optionalUrl(['http', 'https']),
    SUPABASE_OAUTH_PROVIDERS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[a-z0-9_:-]+$/, 'must be a comma-separated list of provider names'))),
    SMTP_URL: optionalUrl(['smtp', 'smtps']),
    MAIL_FROM: z.string().min(3).default('EVConduit <no-reply@localhost>'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SENTRY_DSN: optionalUrl(['http', 'https']),
    HTTP_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    OCPP_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
    OCPP_HEARTBEAT_INTERVAL_S: z.coerce.number().int().min(10).max(86400).default(300),
    OCPP_HEARTBEAT_GRACE_S: z.coerce.number().int().min(0).max(3600).default(60),
    /** WebSocket pings to charge points without their own interval; 0 = none. */
    OCPP_PING_INTERVAL_S: z.coerce.number().int().min(0).max(3600).default(30),
    OCPP_CALL_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300000).default(30000),
    /** A WebSocket upgrade not answered by then gets 503 and its socket is closed. */
    OCPP_HANDSHAKE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120000).default(10000),
    /** Upgrades being authenticated at once, per process; beyond it 503. */
    OCPP_MAX_PENDING_HANDSHAKES: z.coerce.number().int().min(1).max(100000).default(500),
    /** Calls per second one charge point connection may make, sustained, and its burst. */
    OCPP_RATE_LIMIT_PER_S: z.coerce.number().min(0.1).max(10000).default(20),
    OCPP_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100000).default(50),
    /** The stored charge point messages (DataTransfer, NotifyEvent, faults…): age and count per charge point. */
    OCPP_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    OCPP_EVENTS_PER_CHARGE_POINT: z.coerce.number().int().min(100).max(10_000_000).default(10000),
    /** Both set: the server itself serves https and wss (OCPP security profile 2). */
    TLS_CERT_FILE: optionalString,
    TLS_KEY_FILE: optionalString,
    /** Reverse proxies in front whose X-Forwarded-For entries name the client (rate limits); 0 = the socket's address. */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** On SIGTERM, the charge points' sockets are closed over this long, so they reconnect to the other instances one by one. */
    SHUTDOWN_HANDOVER_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
    /** A job's holder renews its lease every third of this; a dead holder's jobs are taken over once it lapses. */
    JOB_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /** Every periodic job runs this often instead of its own interval (tests and benchmarks). */
    JOB_INTERVAL_MS: optionalString.pipe(z.coerce.number<string | undefined>().int().min(100).max(86_400_000).optional()),
    VEHICLE_CACHE_MAX_AGE_S: z.coerce.number().int().min(30).max(86400).default(900),
    PUSH_ALLOW_PRIVATE_ADDRESSES: z
      .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    ENODE_API_URL: optionalUrl(['http', 'https']),
    ENODE_OAUTH_URL: optionalUrl(['http', 'https']),
    ENODE_CLIENT_ID: optionalString,
    ENODE_CLIENT_SECRET: optionalString,
    ENODE_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    ENODE_SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
    STRIPE_SECRET_KEY: optionalString,
    STRIPE_WEBHOOK_SECRET: optionalString,
    STRIPE_API_URL: optionalUrl(['http', 'https']),
    /** A charge point not heard for this long (and not connected) gets its owner's "offline" alert. */
    NOTIFY_OFFLINE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(600),
    /** A session without any energy this long after its start gets a "no energy" alert. */
    NOTIFY_NO_ENERGY_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(300),
    /** A failed notification is tried again after this, doubling per attempt (capped at an hour). */
    NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** ntfy topics may be on loopback and private networks (a self-hosted ntfy at home). */
    NOTIFY_ALLOW_PRIVATE_ADDRESSES: z
      .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    /** Set by server.ts when it started the built-in simulator (not a user setting). */
    ENODE_SIMULATED: z.enum(['true']).optional(),
  })
  .superRefine((env, ctx) => {
    // Billing without webhooks would take payments and never change a plan.
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required when STRIPE_SECRET_KEY is set' });
    }
    if (Boolean(env.SUPABASE_URL) !== Boolean(env.SUPABASE_ANON_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SUPABASE_URL ? 'SUPABASE_ANON_KEY' : 'SUPABASE_URL'],
        message: 'SUPABASE_URL and SUPABASE_ANON_KEY must be set together',
      });
    }
    if (Boolean(env.ENODE_CLIENT_ID) !== Boolean(env.ENODE_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ENODE_CLIENT_ID ? 'ENODE_CLIENT_SECRET' : 'ENODE_CLIENT_ID'],
        message: 'ENODE_CLIENT_ID and ENODE_CLIENT_SECRET must be set together',
      });
    }
  });

export type AuthMode = 'local' | 'supabase';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** APP_URL, or http(s)://localhost:PORT when it is unset. */
  appUrl: string;
  /** APP_URL was set: shown addresses and redirects use it; otherwise they follow the request's Host (src/server/http/public-url.ts). */
  appUrlIsSet: boolean;
  dataDir: string;
  database: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string; poolMax: number };
  sessionSecret?: string;
  auth:
    | { mode: 'local' }
    | {
        mode: 'supabase';
        url: string;
        anonKey: string;
        jwksUrl: string;
        issuer: string;
        /** OAuth providers offered on the sign-in page, e.g. ["github", "google"]. */
        oauthProviders: string[];
      };
  smtpUrl?: string;
  mailFrom: string;
  logLevel: string;
  sentryDsn?: string;
  /** Largest request body the API and the webhooks read (diagnostics uploads have their own cap). */
  http: { maxBodyBytes: number };
  ocpp: {
    maxPayloadBytes: number;
    heartbeatIntervalS: number;
    heartbeatGraceS: number;
    callTimeoutMs: number;
    pingIntervalS: number;
    handshakeTimeoutMs: number;
    maxPendingHandshakes: number;
    rateLimit: { perSecond: number; burst: number };
    eventRetentionDays: number;
    eventsPerChargePoint: number;
  };
  /** PEM files: set when the server terminates TLS itself (else plain http, e.g. behind a reverse proxy). */
  tls?: { certFile: string; keyFile: string };
  /** How many reverse proxies' X-Forwarded-For entries to trust for the client's address (0: none). */
  trustedProxyHops: number;
  /** Pushes to Home Assistant may go to loopback and private networks (self-hosted on a home network). */
  push: { allowPrivateAddresses: boolean };
  shutdownHandoverMs: number;
  jobs: { leaseMs: number; intervalMs?: number };
  notifications: { offlineAfterS: number; noEnergyAfterS: number; retryBaseMs: number; allowPrivateAddresses: boolean };
  /** A Home Assistant poll of a vehicle whose data is older than this fetches it from Enode first. */
  vehicleCacheMaxAgeS: number;
  /** Enode (vehicles); undefined when no client credentials are set. */
  enode?: EnodeConfig;
  /** Without credentials, run the built-in Enode simulator (ENODE_SIMULATOR: auto or on; off never). */
  enodeSimulator: boolean;
  /** Set only when STRIPE_SECRET_KEY is: billing is on. `apiUrl` points the SDK elsewhere (tests' fake Stripe). */
  stripe?: { secretKey: string; webhookSecret: string; apiUrl?: string };
}

export interface EnodeConfig {
  apiUrl: string;
  /** The OAuth token endpoint (client credentials). */
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  /** Shared secret of our webhook subscription; without it webhooks are refused. */
  webhookSecret?: string;
  /** The credentials are the built-in simulator's: vehicles are marked simulated. */
  simulated: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration: ${setting} ${reason}. See README.md "Configuration".`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(source: Record<string, string | undefined>): AppConfig {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const setting = String(issue.path[0] ?? 'environment');
    const value = source[setting];
    const reason = value === undefined ? `is missing or invalid: ${issue.message}` : `is invalid (${issue.message})`;
    throw new ConfigError(setting, reason);
  }
  const env = result.data;
  if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
    throw new ConfigError(env.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE', 'is missing: set both TLS_CERT_FILE and TLS_KEY_FILE, or neither');
  }
  const tls = env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { certFile: path.resolve(env.TLS_CERT_FILE), keyFile: path.resolve(env.TLS_KEY_FILE) } : undefined;
  const appUrl = (env.APP_URL ?? `${tls ? 'https' : 'http'}://localhost:${env.PORT}`).replace(/\/+$/, '');
  const dataDir = path.resolve(env.DATA_DIR);
  const supabaseUrl = env.SUPABASE_URL?.replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    appUrl,
    appUrlIsSet: env.APP_URL !== undefined,
    dataDir,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX }
      : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
    sessionSecret: env.SESSION_SECRET,
    auth:
      supabaseUrl && env.SUPABASE_ANON_KEY
        ? {
            mode: 'supabase',
            url: supabaseUrl,
            anonKey: env.SUPABASE_ANON_KEY,
            jwksUrl: env.SUPABASE_JWKS_URL ?? `${supabaseUrl}/auth/v1/.well-known/jwks.json`,
            issuer: `${supabaseUrl}/auth/v1`,
            oauthProviders: env.SUPABASE_OAUTH_PROVIDERS,
          }
        : { mode: 'local' },
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    logLevel: env.LOG_LEVEL,
    sentryDsn: env.SENTRY_DSN,
    http: { maxBodyBytes: env.HTTP_MAX_BODY_BYTES },
    ocpp: {
      maxPayloadBytes: env.OCPP_MAX_PAYLOAD_BYTES,
      heartbeatIntervalS: env.OCPP_HEARTBEAT_INTERVAL_S,
      heartbeatGraceS: env.OCPP_HEARTBEAT_GRACE_S,
      callTimeoutMs: env.OCPP_CALL_TIMEOUT_MS,
      pingIntervalS: env.OCPP_PING_INTERVAL_S,
      handshakeTimeoutMs: env.OCPP_HANDSHAKE_TIMEOUT_MS,
      maxPendingHandshakes: env.OCPP_MAX_PENDING_HANDSHAKES,
      rateLimit: { perSecond: env.OCPP_RATE_LIMIT_PER_S, burst: env.OCPP_RATE_LIMIT_BURST },
      eventRetentionDays: env.OCPP_EVENT_RETENTION_DAYS,
      eventsPerChargePoint: env.OCPP_EVENTS_PER_CHARGE_POINT,
    },
    tls,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    push: { allowPrivateAddresses: env.PUSH_ALLOW_PRIVATE_ADDRESSES },
    shutdownHandoverMs: env.SHUTDOWN_HANDOVER_MS,
    jobs: { leaseMs: env.JOB_LEASE_MS, intervalMs: env.JOB_INTERVAL_MS },
    notifications: {
      offlineAfterS: env.NOTIFY_OFFLINE_AFTER_S,
      noEnergyAfterS: env.NOTIFY_NO_ENERGY_AFTER_S,
      retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
      allowPrivateAddresses: env.NOTIFY_ALLOW_PRIVATE_ADDRESSES,
    },
    vehicleCacheMaxAgeS: env.VEHICLE_CACHE_MAX_AGE_S,
    enode:
      env.ENODE_CLIENT_ID && env.ENODE_CLIENT_SECRET
        ? {
            apiUrl: (env.ENODE_API_URL ?? 'https://enode-api.production.enode.io').replace(/\/+$/, ''),
            oauthUrl: env.ENODE_OAUTH_URL ?? 'https://oauth.production.enode.io/oauth2/token',
            clientId: env.ENODE_CLIENT_ID,
            clientSecret: env.ENODE_CLIENT_SECRET,
            webhookSecret: env.ENODE_WEBHOOK_SECRET,
            simulated: env.ENODE_SIMULATED === 'true',
          }
        : undefined,
    // A fresh install has no credentials: it runs on simulated vehicles until real ones are set.
    enodeSimulator: env.ENODE_SIMULATOR !== 'off',
    stripe:
      env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
        ? { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiUrl: env.STRIPE_API_URL }
        : undefined,
  };
}

let cached: AppConfig | undefined;

/** The process configuration, parsed once from the environment. Throws ConfigError. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
