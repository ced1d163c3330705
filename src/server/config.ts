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

// `description` and `unset` (what an unset setting means, when there is no default) are
// what docs/configuration.md says about each setting: `npm run docs:config` writes it from here.
export const envSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'])
      .default('development')
      .meta({ description: '`npm start` always runs `production`.' }),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000).meta({ description: 'TCP port of the app and the OCPP endpoint (0: any free port).' }),
    HOST: z.string().min(1).default('0.0.0.0').meta({ description: 'Interface to listen on (`127.0.0.1`: this machine only).' }),
    APP_URL: optionalUrl(['http', 'https']).meta({
      unset: '(the address in use)',
      description:
        'Public address of the app: used in e-mail links, in the OCPP URLs shown for charge points (`https` gives `wss`), in the Home Assistant base URL shown, where a vehicle link returns to, and in the same-origin check for browser requests. Unset, the addresses shown and the link\'s return follow the address the browser used (its `Host`; `X-Forwarded-Proto`/`-Host` only behind `TRUSTED_PROXY_HOPS` proxies), and e-mail links use `http://localhost:<PORT>`. Set it when the app runs behind a TLS proxy or sends e-mail; pages warn when a shown address names this machine only (`localhost`).',
    }),
    DATA_DIR: z.string().min(1).default('./data').meta({
      description: 'Folder of the embedded database (`<DATA_DIR>/pglite`). Only one process may use it at a time. Unused with `DATABASE_URL`.',
    }),
    DATABASE_URL: optionalUrl(['postgres', 'postgresql']).meta({
      unset: '(embedded database)',
      description: '`postgres://` or `postgresql://` URL of a PostgreSQL or Supabase database. Add `?prepare=false` behind a pooler that cannot keep prepared statements.',
    }),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10).meta({
      description: 'Most connections to `DATABASE_URL` for queries; cluster locks (held across commands to charge points) take up to as many more, on connections of their own.',
    }),
    SESSION_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()).meta({
      unset: '(generated)',
      description: 'Key that signs local session cookies, at least 32 characters. Without it, one is generated once and kept in the database.',
    }),
    SUPABASE_URL: optionalUrl(['http', 'https']).meta({
      description: 'Supabase project URL. Together with `SUPABASE_ANON_KEY` it switches sign-in to Supabase Auth.',
    }),
    SUPABASE_ANON_KEY: optionalString.meta({ description: "The project's anon (publishable) key. Set both or neither." }),
    SUPABASE_JWKS_URL: optionalUrl(['http', 'https']).meta({
      unset: '`<SUPABASE_URL>/auth/v1/.well-known/jwks.json`',
      description: 'Where the project publishes its token signing keys.',
    }),
    SUPABASE_OAUTH_PROVIDERS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[a-z0-9_:-]+$/, 'must be a comma-separated list of provider names')))
      .meta({
        unset: '(none)',
        description: 'OAuth providers offered on the sign-in page in Supabase mode, comma-separated, e.g. `github,google`.',
      }),
    SMTP_URL: optionalUrl(['smtp', 'smtps']).meta({
      unset: '(log mails)',
      description:
        '`smtp://` or `smtps://` URL of the mail server for verification and password-reset mails, e.g. `smtps://user:password@smtp.example.com:465`. Without it, mails are written to the server log.',
    }),
    MAIL_FROM: z.string().min(3).default('EVConduit <no-reply@localhost>').meta({ description: 'Sender of those mails.' }),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .meta({ description: 'Least severe log lines written (JSON lines on stdout).' }),
    SENTRY_DSN: optionalUrl(['http', 'https']).meta({ unset: '(off)', description: 'Sentry DSN for error reports.' }),
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()).meta({
      unset: '(off)',
      description: 'Set: `GET /metrics` (Prometheus) on the app\'s port answers requests with `Authorization: Bearer <token>`; unset, it answers 404.',
    }),
    METRICS_PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()).meta({
      unset: '(none)',
      description: 'Set: a separate plain-http listener on this port serves only `/metrics`, without a token, on `METRICS_HOST`.',
    }),
    METRICS_HOST: z.string().min(1).default('127.0.0.1').meta({ description: 'Bind address of the `METRICS_PORT` listener.' }),
    METRICS_INSTANCE: optionalString.pipe(z.string().regex(/^[\w.:-]{1,100}$/, 'must be letters, digits, . : _ or -').optional()).meta({
      unset: '(the instance id)',
      description: 'The `instance` label of every metric.',
    }),
    HTTP_MAX_BODY_BYTES: z
      .coerce.number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .meta({
        description:
          'Largest request body the API and the webhooks read, in bytes; a larger one is refused with 413 `payload_too_large` as soon as it passes the cap, whether or not it declares its length. Diagnostics uploads from charge points have their own 8 MiB cap.',
      }),
    OCPP_MAX_PAYLOAD_BYTES: z
      .coerce.number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(256 * 1024)
      .meta({ description: 'Largest OCPP message accepted, in bytes.' }),
    OCPP_HEARTBEAT_INTERVAL_S: z.coerce.number().int().min(10).max(86400).default(300).meta({
      description: 'Heartbeat interval given to charge points at boot, in seconds.',
    }),
    OCPP_HEARTBEAT_GRACE_S: z.coerce.number().int().min(0).max(3600).default(60).meta({
      description: 'A connected charge point silent for 2 × the heartbeat interval plus this many seconds is offline and its socket is closed.',
    }),
    OCPP_PING_INTERVAL_S: z.coerce.number().int().min(0).max(3600).default(30).meta({
      description:
        'WebSocket ping interval for charge points without their own, in seconds (0 = none); a socket that misses a pong is closed. A charge point can have its own (`PATCH /api/charge-points/{id}/connection`).',
    }),
    OCPP_CALL_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300000).default(30000).meta({
      description: "How long to wait for a charge point's answer, in milliseconds.",
    }),
    OCPP_HANDSHAKE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120000).default(10000).meta({
      description: "A charge point's WebSocket handshake not over by then gets 503 and is closed, in milliseconds.",
    }),
    OCPP_MAX_PENDING_HANDSHAKES: z.coerce.number().int().min(1).max(100000).default(500).meta({
      description: 'Handshakes in progress at once, per process; beyond it 503 (the charge point retries).',
    }),
    OCPP_RATE_LIMIT_PER_S: z.coerce.number().min(0.1).max(10000).default(20).meta({
      description:
        'Calls per second one charge point connection may make, sustained. Beyond its burst calls are answered late, then refused with a CALLERROR; a connection that keeps flooding is dropped.',
    }),
    OCPP_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100000).default(50).meta({
      description: 'Calls a charge point may make at once (its boot-up burst); as many again wait for their turn.',
    }),
    OCPP_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90).meta({
      description: 'Stored charge point messages (DataTransfer, NotifyEvent, faults, …) older than this many days are deleted.',
    }),
    OCPP_EVENTS_PER_CHARGE_POINT: z.coerce.number().int().min(100).max(10_000_000).default(10000).meta({
      description: 'Stored messages kept per charge point, newest first (the stored messages and, apart, the OCPP message log).',
    }),
    OCPP_MESSAGE_LOG: z.enum(['on', 'off']).default('on').meta({
      description:
        'The OCPP message log: every frame both ways, kept per charge point for owners to troubleshoot with (`GET /api/charge-points/{id}/messages`); `off` saves its writes at large scale.',
    }),
    TLS_CERT_FILE: optionalString.meta({
      description:
        'PEM certificate (chain). With `TLS_KEY_FILE` (set both or neither), the server itself serves `https://` and `wss://` on `PORT` (OCPP security profile 2). Leave both unset behind a TLS reverse proxy.',
    }),
    TLS_KEY_FILE: optionalString.meta({ description: 'PEM private key of `TLS_CERT_FILE`.' }),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0).meta({
      description:
        "How many reverse proxies stand in front of the app, each appending the address it saw to `X-Forwarded-For`. The client's address (for the limits on guessing, see [accounts](accounts.md#limits-on-guessing)) is then that many entries from the right of `X-Forwarded-For`; with `0` it is the connection's address and `X-Forwarded-For` is ignored. Set it exactly: one too many lets clients choose their own address.",
    }),
    SHUTDOWN_HANDOVER_MS: z.coerce.number().int().min(0).max(600_000).default(5000).meta({
      description:
        "On SIGTERM, with other instances running, the charge points' sockets are closed (1012 Service Restart) one after another over this many milliseconds, so they reconnect to the other instances a few at a time. A single instance closes them at once.",
    }),
    JOB_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000).meta({
      description:
        'Background jobs (push, vehicle polling, retention, Enode health) run in one instance at a time under a lease renewed every third of this many milliseconds; when that instance dies, another takes them over once the lease lapses.',
    }),
    JOB_INTERVAL_MS: optionalString.pipe(z.coerce.number<string | undefined>().int().min(100).max(86_400_000).optional()).meta({
      unset: "(each job's own)",
      description: 'Runs every periodic job this often instead, in milliseconds (100–86400000); for tests and benchmarks.',
    }),
    VEHICLE_CACHE_MAX_AGE_S: z.coerce.number().int().min(30).max(86400).default(900).meta({
      description:
        'When Home Assistant asks for a vehicle whose data is older than this many seconds, the app fetches it from Enode first (one fetch however many polls arrive; the cached data is served if Enode is slow or down). Vehicles set to manual refresh are never fetched this way.',
    }),
    VEHICLE_MATCH_WINDOW_S: z.coerce.number().int().min(10).max(3600).default(600).meta({
      description:
        'A charge point session is matched automatically with the one vehicle of the user that reports being plugged in within this many seconds of the session\'s start (either order). See docs/planner.md.',
    }),
    PLANNER_EFFICIENCY_PERCENT: z.coerce.number().min(50).max(100).default(90).meta({
      description: 'Charging efficiency the planner assumes: energy at the wall = energy into the battery / this percentage.',
    }),
    ENERGY_MEASUREMENT_STALE_S: z.coerce.number().int().min(10).max(3600).default(60).meta({
      description:
        "A site's live measurements (grid power, live maximum) count this many seconds after they arrive; after that the site falls back to its fixed limit (`max_current_a`) and solar sessions see no surplus. See docs/energy-management.md.",
    }),
    ENERGY_SOLAR_START_DELAY_S: z.coerce.number().int().min(0).max(3600).default(60).meta({
      description: 'A session in Solar mode starts once the surplus has covered its minimum current for this many seconds.',
    }),
    ENERGY_SOLAR_STOP_DELAY_S: z.coerce.number().int().min(0).max(3600).default(180).meta({
      description: 'A session in Solar mode stops once the surplus has been missing for this many seconds.',
    }),
    ENERGY_MIN_SWITCH_S: z.coerce.number().int().min(0).max(3600).default(120).meta({
      description: "The controller never starts or stops a charge point's charging more often than once in this many seconds (its minimum on/off time).",
    }),
    ENERGY_HISTORY_DAYS: z.coerce.number().int().min(1).max(3660).default(400).meta({
      description: "Days of each site's energy by source (one row per site and day) kept; older days are deleted.",
    }),
    BACKUP_DIR: optionalString.meta({
      unset: '(no scheduled backups)',
      description: 'Folder for scheduled backups of the embedded database (`evconduit-backup-*.tar.gz`); ignored with a warning on PostgreSQL. See docs/backups.md.',
    }),
    BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7).meta({
      description: 'How many scheduled backups to keep in `BACKUP_DIR`; the oldest beyond are deleted.',
    }),
    BACKUP_INTERVAL_HOURS: z.coerce.number().min(0.01).max(24 * 31).default(24).meta({
      description: 'Hours between scheduled backups.',
    }),
    PUSH_ALLOW_PRIVATE_ADDRESSES: z
      .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
      .default('false')
      .transform((v) => v === 'true' || v === '1')
      .meta({
        description:
          '`true` lets pushes to Home Assistant go to loopback and private-network addresses (192.168.x.x, 10.x.x.x, …). Set it when the app and Home Assistant share a home network; leave it off on a hosted installation.',
      }),
    ENODE_API_URL: optionalUrl(['http', 'https']).meta({
      unset: '`https://enode-api.production.enode.io`',
      description: 'Enode API base URL (sandbox: `https://enode-api.sandbox.enode.io`). Credentials are per environment.',
    }),
    ENODE_OAUTH_URL: optionalUrl(['http', 'https']).meta({
      unset: '`https://oauth.production.enode.io/oauth2/token`',
      description: "Enode's OAuth token endpoint, of the same environment.",
    }),
    ENODE_CLIENT_ID: optionalString.meta({
      unset: '(vehicles off)',
      description: 'Enode client id. Together with `ENODE_CLIENT_SECRET` it turns vehicles on; set both or neither.',
    }),
    ENODE_CLIENT_SECRET: optionalString.meta({ description: 'Enode client secret.' }),
    ENODE_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()).meta({
      unset: '(webhooks refused)',
      description:
        'Secret (at least 16 characters; use 32 random bytes) Enode signs webhook deliveries with. With it, the server keeps a subscription for `<APP_URL>/api/webhooks/enode` at Enode (checked at start and every 30 minutes). Without it, deliveries are refused with 401.',
    }),
    ENODE_SIMULATOR: z
      .enum(['auto', 'on', 'off'])
      .default('auto')
      .meta({
        description:
          'Without Enode credentials, `auto` and `on` start the built-in Enode simulator (simulated vehicles, in memory) and point the app at it, so a fresh install works offline; `off` never (vehicle endpoints then answer 503). (`ENODE_SIMULATED=true` is set by the server itself when it started the simulator; not for you to set.)',
      }),
    STRIPE_SECRET_KEY: optionalString.meta({
      unset: '(billing off)',
      description: 'Stripe secret key (`sk_live_…`, `sk_test_…` or a restricted key). Setting it turns billing on; see [billing](billing.md).',
    }),
    STRIPE_WEBHOOK_SECRET: optionalString.meta({
      description: 'Signing secret of the Stripe webhook endpoint (`whsec_…`). Required with `STRIPE_SECRET_KEY`.',
    }),
    STRIPE_API_URL: optionalUrl(['http', 'https']).meta({
      unset: '(Stripe)',
      description: 'Another base URL for the Stripe API, for tests against a fake Stripe, e.g. `http://127.0.0.1:12111`.',
    }),
    NOTIFY_OFFLINE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(600).meta({
      description: 'A charge point not connected and not heard for this many seconds gets its owner\'s "offline" alert (once per outage).',
    }),
    NOTIFY_NO_ENERGY_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(300).meta({
      description: 'A session without any energy this many seconds after the server learnt of it gets a "no energy" alert.',
    }),
    NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000).meta({
      description: 'A failed notification is tried again after this many milliseconds, doubling per attempt (capped at an hour, 8 attempts).',
    }),
    NOTIFY_ALLOW_PRIVATE_ADDRESSES: z
      .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
      .default('false')
      .transform((v) => v === 'true' || v === '1')
      .meta({ description: 'ntfy topics and Web Push endpoints may be on loopback and private networks (a self-hosted ntfy at home).' }),
    NOTIFY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90).meta({
      description: 'Sent, failed and skipped notifications (and closed incidents) older than this many days are deleted by the `notification retention` job.',
    }),
    TWILIO_ACCOUNT_SID: optionalString.meta({
      unset: '(SMS off)',
      description: 'Twilio account SID (`AC…`). With `TWILIO_AUTH_TOKEN` and `TWILIO_FROM` it turns on the SMS channel; see [notifications](notifications.md#sms-through-twilio).',
    }),
    TWILIO_AUTH_TOKEN: optionalString.meta({ description: 'Twilio auth token (or an API key secret) for Basic auth with `TWILIO_ACCOUNT_SID`. Secret.' }),
    TWILIO_FROM: optionalString
      .pipe(
        z
          .string()
          .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, 'must be an E.164 number such as +14155550100 or a Messaging Service SID (MG…)')
          .optional(),
      )
      .meta({ description: 'Who SMS come from: an E.164 number of the Twilio account (`+14155550100`) or a Messaging Service SID (`MG…`).' }),
    TWILIO_API_URL: optionalUrl(['http', 'https']).meta({
      unset: 'https://api.twilio.com',
      description: 'Another base URL for the Twilio REST API, for tests against a fake Twilio.',
    }),
    ENODE_SIMULATED: z.enum(['true']).optional().meta({ internal: true, description: 'Set by server.ts when it started the built-in simulator (not a user setting).' }),
  })
  .superRefine((env, ctx) => {
    // Billing without webhooks would take payments and never change a plan.
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required when STRIPE_SECRET_KEY is set' });
    }
    const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM];
    if (twilio.some(Boolean) && !twilio.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: [!env.TWILIO_ACCOUNT_SID ? 'TWILIO_ACCOUNT_SID' : !env.TWILIO_AUTH_TOKEN ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_FROM'],
        message: 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM must be set together',
      });
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
  /** Prometheus metrics: token for `/metrics` on the app's port, and/or a separate listener. */
  metrics: { token?: string; port?: number; host: string; instance?: string };
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
    /** Log every OCPP frame in ocpp_messages (message-log.ts). */
    messageLog: boolean;
  };
  /** PEM files: set when the server terminates TLS itself (else plain http, e.g. behind a reverse proxy). */
  tls?: { certFile: string; keyFile: string };
  /** How many reverse proxies' X-Forwarded-For entries to trust for the client's address (0: none). */
  trustedProxyHops: number;
  /** Pushes to Home Assistant may go to loopback and private networks (self-hosted on a home network). */
  push: { allowPrivateAddresses: boolean };
  shutdownHandoverMs: number;
  jobs: { leaseMs: number; intervalMs?: number };
  notifications: { offlineAfterS: number; noEnergyAfterS: number; retryBaseMs: number; allowPrivateAddresses: boolean; retentionDays: number };
  /** Set only when the three Twilio settings are: the SMS channel is on. `from` is a number or a Messaging Service SID. */
  twilio?: { accountSid: string; authToken: string; from: string; apiUrl: string };
  /** A Home Assistant poll of a vehicle whose data is older than this fetches it from Enode first. */
  vehicleCacheMaxAgeS: number;
  planner: { matchWindowS: number; efficiency: number };
  /** Energy management: measurement freshness and the solar controller's delays (seconds); see docs/energy-management.md. */
  energy: { staleS: number; startDelayS: number; stopDelayS: number; minSwitchS: number; historyDays: number };
  /** Scheduled backups of the embedded database (BACKUP_DIR set); see docs/backups.md. */
  backup?: { dir: string; keep: number; intervalMs: number };
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
    super(`Invalid configuration: ${setting} ${reason}. See docs/configuration.md.`);
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
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT, host: env.METRICS_HOST, instance: env.METRICS_INSTANCE },
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
      messageLog: env.OCPP_MESSAGE_LOG === 'on',
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
      retentionDays: env.NOTIFY_RETENTION_DAYS,
    },
    twilio:
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
        ? {
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            from: env.TWILIO_FROM,
            apiUrl: (env.TWILIO_API_URL ?? 'https://api.twilio.com').replace(/\/+$/, ''),
          }
        : undefined,
    vehicleCacheMaxAgeS: env.VEHICLE_CACHE_MAX_AGE_S,
    planner: { matchWindowS: env.VEHICLE_MATCH_WINDOW_S, efficiency: env.PLANNER_EFFICIENCY_PERCENT / 100 },
    energy: {
      staleS: env.ENERGY_MEASUREMENT_STALE_S,
      startDelayS: env.ENERGY_SOLAR_START_DELAY_S,
      stopDelayS: env.ENERGY_SOLAR_STOP_DELAY_S,
      minSwitchS: env.ENERGY_MIN_SWITCH_S,
      historyDays: env.ENERGY_HISTORY_DAYS,
    },
    backup: env.BACKUP_DIR
      ? { dir: path.resolve(env.BACKUP_DIR), keep: env.BACKUP_KEEP, intervalMs: Math.round(env.BACKUP_INTERVAL_HOURS * 3_600_000) }
      : undefined,
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
