import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/server/config';

function configError(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('parseConfig', () => {
  it('runs with no settings at all: local auth on embedded PGlite in ./data', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      appUrl: 'http://localhost:3000',
      dataDir: path.resolve('data'),
      database: { kind: 'pglite', dir: path.resolve('data', 'pglite') },
      auth: { mode: 'local' },
      logLevel: 'info',
      ocpp: { maxPayloadBytes: 256 * 1024, heartbeatIntervalS: 300, callTimeoutMs: 30_000 },
    });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.sessionSecret).toBeUndefined();
  });

  it('treats empty settings as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', SMTP_URL: '  ', APP_URL: '' }).database.kind).toBe('pglite');
  });

  it('uses PostgreSQL when DATABASE_URL is set, and trims trailing slashes from APP_URL', () => {
    const config = parseConfig({ DATABASE_URL: 'postgres://u:p@db:5432/evc', APP_URL: 'https://ev.example.com/' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/evc', poolMax: 10 });
    expect(config.appUrl).toBe('https://ev.example.com');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['APP_URL', 'ftp://example.com'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_POOL_MAX', '0'],
    ['SESSION_SECRET', 'too-short'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['LOG_LEVEL', 'loud'],
    ['SENTRY_DSN', 'not a url'],
    ['OCPP_MAX_PAYLOAD_BYTES', '10'],
    ['OCPP_HEARTBEAT_INTERVAL_S', '1'],
    ['OCPP_CALL_TIMEOUT_MS', 'soon'],
    ['ENODE_API_URL', 'enode-api'],
    ['ENODE_WEBHOOK_SECRET', 'short'],
    ['ENODE_SIMULATOR', 'yes'],
  ])('names the bad setting %s=%s in one line', (setting, value) => {
    const error = configError({ [setting]: value });
    expect(error.setting).toBe(setting);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${setting} `));
    expect(error.message).not.toContain('\n');
  });

  it('turns billing on only with a Stripe key, which needs the webhook secret', () => {
    expect(parseConfig({}).stripe).toBeUndefined();
    expect(parseConfig({ STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' }).stripe).toBeUndefined();
    expect(configError({ STRIPE_SECRET_KEY: 'sk_test_x' }).setting).toBe('STRIPE_WEBHOOK_SECRET');
    expect(configError({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_URL: 'ftp://x' }).setting).toBe(
      'STRIPE_API_URL',
    );
    expect(
      parseConfig({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripe,
    ).toEqual({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', apiUrl: 'http://127.0.0.1:12111' });
  });

  it('refuses SUPABASE_URL without SUPABASE_ANON_KEY, and the other way round', () => {
    expect(configError({ SUPABASE_URL: 'https://abc.supabase.co' }).setting).toBe('SUPABASE_ANON_KEY');
    expect(configError({ SUPABASE_ANON_KEY: 'anon' }).setting).toBe('SUPABASE_URL');
  });

  it('switches to Supabase auth when both are set, deriving the JWKS URL and issuer', () => {
    const config = parseConfig({ SUPABASE_URL: 'https://abc.supabase.co/', SUPABASE_ANON_KEY: 'anon' });
    expect(config.auth).toMatchObject({
      mode: 'supabase',
      url: 'https://abc.supabase.co',
      anonKey: 'anon',
      jwksUrl: 'https://abc.supabase.co/auth/v1/.well-known/jwks.json',
      issuer: 'https://abc.supabase.co/auth/v1',
    });
  });

  it('leaves Enode off without client credentials, and needs both of them', () => {
    expect(parseConfig({}).enode).toBeUndefined();
    expect(parseConfig({}).enodeSimulator).toBe(true);
    expect(parseConfig({ NODE_ENV: 'production' }).enodeSimulator).toBe(true);
    expect(parseConfig({ NODE_ENV: 'production', ENODE_SIMULATOR: 'off' }).enodeSimulator).toBe(false);
    expect(configError({ ENODE_CLIENT_ID: 'id' }).setting).toBe('ENODE_CLIENT_SECRET');
    expect(configError({ ENODE_CLIENT_SECRET: 'secret' }).setting).toBe('ENODE_CLIENT_ID');
  });

  it('defaults to Enode production when credentials are set', () => {
    const config = parseConfig({ ENODE_CLIENT_ID: 'id', ENODE_CLIENT_SECRET: 'secret', ENODE_API_URL: 'https://enode-api.sandbox.enode.io/' });
    expect(config.enode).toEqual({
      apiUrl: 'https://enode-api.sandbox.enode.io',
      oauthUrl: 'https://oauth.production.enode.io/oauth2/token',
      clientId: 'id',
      clientSecret: 'secret',
      webhookSecret: undefined,
      simulated: false,
    });
    expect(parseConfig({ ENODE_CLIENT_ID: 'id', ENODE_CLIENT_SECRET: 'secret', ENODE_SIMULATED: 'true' }).enode?.simulated).toBe(true);
  });
});
