/**
 * One Node process: Next.js (pages and API routes) and the OCPP WebSocket
 * endpoint on the same port. Start with `npm run dev` or `npm start`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import next from 'next';
import { ConfigError, getConfig, parseConfig, type AppConfig } from '@/server/config';
import { closeDatabase, openDatabase } from '@/server/db/client';
import { DataFolderLockedError } from '@/server/db/lock';
import { migrate } from '@/server/db/migrate';
import { startBus, stopBus } from '@/server/cluster/bus';
import { registerSubscribers } from '@/server/events/subscribers';
import { liveInstances, markDraining, registerInstance, retireInstance } from '@/server/cluster/instances';
import { createOcppServer, OCPP_PATH_PREFIX } from '@/server/chargers/ocpp/server';
import { refuseUpgrade } from '@/server/chargers/ocpp/handshake';
import { drainCommands } from '@/server/chargers/ocpp/commands';
import { pushWorkerJob } from '@/server/ha/push/deliveries';
import { flushCallLog } from '@/server/usage/call-log';
import { webhookHealthJob } from '@/server/enode/subscription';
import { vehiclePollerJob } from '@/server/vehicles/polling';
import { sampleRetentionJob } from '@/server/vehicles/retention';
import { eventRetentionJob } from '@/server/chargers/ocpp/event-retention';
import { incidentScanJob } from '@/server/notifications/incidents';
import { notificationRetentionJob } from '@/server/notifications/retention';
import { notificationsJob } from '@/server/notifications/worker';
import { invoiceMailJob } from '@/server/invoices/mail';
import { startJobs, stopJobs, type Job } from '@/server/system/jobs';
import { statusSampleJob } from '@/server/system/status';
import { energyControllerJob } from '@/server/energy/controller-job';
import { publishBackupAccess, withdrawBackupAccess } from '@/server/backup/access';
import { backupJob } from '@/server/backup/schedule';
import { tableUpkeepJob } from '@/server/db/upkeep';
import { isDraining, startDraining } from '@/server/system/readiness';
import { stampClientAddress } from '@/server/http/client-address';
import { baselineHeaders } from '@/server/http/security-headers';
import { getLogger, withRequestContext } from '@/server/observability/logger';
import { routeLabeller } from '@/server/observability/http-routes';
import { metrics } from '@/server/observability/metrics';
import { handleMetricsOnAppPort, startMetricsServer } from '@/server/observability/metrics-endpoint';
import { initSentry } from '@/server/observability/sentry-init';
import { runtime } from '@/server/runtime';

const REQUEST_ID = /^[\w.-]{8,128}$/;
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/**
 * A client that opens a connection and never finishes its request headers
 * (an upgrade included) holds a socket: 15 s for the headers, checked every
 * 5 s (Node's defaults are 60 s and 30 s). Bodies keep Node's 300 s, as
 * diagnostics uploads from charge points on slow links need them.
 */
const CONNECTION_DEADLINES = { headersTimeout: 15_000, connectionsCheckingInterval: 5_000 } satisfies http.ServerOptions;
/** Static files and prefetches are logged at debug; one this slow is logged all the same. */
const SLOW_REQUEST_MS = 1_000;

function loadConfigOrExit(): AppConfig {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Without Enode credentials (unless ENODE_SIMULATOR=off) the built-in
 * simulator stands in for Enode. Its settings go
 * into the environment before the configuration is read, so that both module
 * copies (this bundle and Next's) see them.
 */
async function startOfflineEnode(): Promise<{ url: string; close(): Promise<void> } | undefined> {
  let wanted: boolean;
  try {
    const config = parseConfig(process.env);
    wanted = !config.enode && config.enodeSimulator;
  } catch {
    return undefined; // loadConfigOrExit reports the bad setting
  }
  if (!wanted) return undefined;
  const { startEnodeSimulator } = await import('./tests/fakes/enode/simulator');
  const simulator = await startEnodeSimulator();
  Object.assign(process.env, simulator.env(process.env.ENODE_WEBHOOK_SECRET || randomBytes(24).toString('hex')), {
    ENODE_SIMULATED: 'true',
  });
  return simulator;
}

const addressPort = (address: string | { port: number } | null | undefined) => (typeof address === 'object' && address ? address.port : undefined);

function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative.startsWith('..') || path.isAbsolute(relative) ? dir : `./${relative || '.'}`;
}

/** What a person starting the server wants to know, in one sentence: where to open it, where the data is, where charge points connect. */
function readyLine(config: AppConfig, port: number, metricsServer: http.Server | undefined): string {
  const local = new URL(config.appUrl);
  if (!config.appUrlIsSet) local.port = String(port);
  const web = local.origin;
  const ocpp = `${web.replace(/^http/, 'ws')}${OCPP_PATH_PREFIX}<identity>`;
  const database =
    config.database.kind === 'pglite'
      ? `embedded database in ${shortPath(config.dataDir)}`
      : `PostgreSQL at ${new URL(config.database.url).host}`;
  const metricsAt = metricsServer ? `, metrics at http://${config.metrics.host}:${addressPort(metricsServer.address())}/metrics` : '';
  return `EVConduit ready on ${web}, ${database}, OCPP at ${ocpp}${metricsAt}`;
}

async function main() {
  const startedAt = performance.now();
  const enodeSimulator = await startOfflineEnode();
  const config = loadConfigOrExit();
  const log = getLogger();
  if (enodeSimulator) log.warn({ url: enodeSimulator.url }, 'No Enode credentials: using the built-in Enode simulator');
  initSentry(config.sentryDsn, config.env);

  let database;
  try {
    database = await openDatabase(config);
  } catch (error) {
    if (error instanceof DataFolderLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const applied = await migrate(database);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  await registerInstance();
  await startBus();
  // Before anything can write: every committed change has its side effects from the first request on.
  registerSubscribers();

  // With a certificate the same port serves https and wss (OCPP security profile 2); else TLS is a reverse proxy's job.
  // OCPP 2.0.1 A00 requires TLS 1.2 or newer (OCA TC_A_06): said here, not left to Node's default.
  const httpServer = config.tls
    ? (https.createServer({
        ...CONNECTION_DEADLINES,
        cert: fs.readFileSync(config.tls.certFile),
        key: fs.readFileSync(config.tls.keyFile),
        minVersion: 'TLSv1.2',
      }) as unknown as http.Server)
    : http.createServer(CONNECTION_DEADLINES);
  const app = next({
    dev: config.env === 'development',
    dir: process.cwd(),
    hostname: config.host,
    port: config.port,
    httpServer,
  });
  const handleNext = app.getRequestHandler();
  const ocpp = createOcppServer(config);
  const securityHeaders = Object.entries(baselineHeaders(config));

  const labelRoute = routeLabeller(process.env.NEXT_DIST_DIR || '.next');
  const { httpRequests, httpSeconds } = metrics();

  httpServer.on('request', (req, res) => {
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    req.headers['x-request-id'] = requestId;
    stampClientAddress(req, config.trustedProxyHops);
    res.setHeader('x-request-id', requestId);
    // Pages replace the Content-Security-Policy with their own (src/proxy.ts).
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    // Draining: the client opens its next request elsewhere instead of reusing a connection we are about to close.
    if (isDraining()) res.setHeader('connection', 'close');
    if (handleMetricsOnAppPort(req, res, config.metrics.token)) return;
    const start = performance.now();
    res.on('finish', () => {
      const ms = performance.now() - start;
      const { route, kind } = labelRoute(req.url, req.headers);
      const method = HTTP_METHODS.has(req.method ?? '') ? req.method! : 'other';
      httpRequests.inc({ method, route, status: String(res.statusCode) });
      httpSeconds.observe({ method, route }, ms / 1000);
      // A browser fetches files and prefetches pages by the dozen: only their failures and slow ones are news.
      const quiet = (kind === 'static' || kind === 'prefetch') && res.statusCode < 500 && ms < SLOW_REQUEST_MS;
      withRequestContext(requestId, () =>
        log[quiet ? 'debug' : 'info']({ method: req.method, path: req.url?.split('?')[0], route, status: res.statusCode, ms: Math.round(ms) }, 'request'),
      );
    });
    withRequestContext(requestId, () => void handleNext(req, res));
  });

  httpServer.on('upgrade', (req, socket, head) => {
    const path = req.url ?? '';
    // Draining: the charge point retries, and the load balancer sends it to another instance.
    if (path.startsWith(OCPP_PATH_PREFIX)) return isDraining() ? refuseUpgrade(socket, 503, 'Restarting') : ocpp.handleUpgrade(req, socket, head);
    // Next's own listener (HMR) exists in development only; elsewhere nobody would ever answer or close the socket.
    if (path.startsWith('/_next/') && config.env === 'development') return;
    refuseUpgrade(socket, 404, 'Not found');
  });

  await app.prepare();
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address();
  const port = addressPort(address) ?? config.port;
  // `npm run cli -- backup` reaches the embedded database through this server (src/server/backup/access.ts).
  if (database.kind === 'pglite') publishBackupAccess(config, port);
  log.info(
    {
      port,
      url: config.appUrl,
      database: database.kind,
      instance: runtime().instanceId,
      tls: Boolean(config.tls),
      auth: config.auth.mode,
      startupMs: Math.round(performance.now() - startedAt),
    },
    'listening',
  );
  // Each runs in one instance of the cluster at a time (src/server/system/jobs.ts).
  const jobs = [
    pushWorkerJob,
    vehiclePollerJob,
    notificationsJob,
    invoiceMailJob,
    incidentScanJob,
    notificationRetentionJob,
    sampleRetentionJob,
    eventRetentionJob,
    statusSampleJob,
    energyControllerJob,
    webhookHealthJob(),
    backupJob(config),
    tableUpkeepJob(config),
  ];
  await startJobs(jobs.filter((j): j is Job => j !== undefined));
  const metricsServer = config.metrics.port === undefined ? undefined : await startMetricsServer(config.metrics.port, config.metrics.host);
  log.info({ metricsPort: addressPort(metricsServer?.address()) }, readyLine(config, port, metricsServer));

  let stopping = false;
  /**
   * A rolling restart: not ready (the load balancer stops sending), no new
   * sockets, the jobs released at once when another instance is there to
   * take them while we hand over, commands in flight finished, the charge points' sockets
   * closed a few at a time so they reconnect elsewhere, buffers flushed,
   * then the instance row retired.
   */
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    startDraining();
    withdrawBackupAccess(config);
    const warn = (what: string) => (err: unknown) => log.error({ err }, `${what} failed`);
    await markDraining().catch(warn('marking the instance draining'));
    const others = await liveInstances()
      .then((all) => all.filter((i) => i.id !== runtime().instanceId && !i.draining).length)
      .catch(() => 0);
    // Alone (one instance, PGlite) the jobs stop last, as the push worker still sends what the closing sockets changed.
    const stopTheJobs = () => stopJobs().catch(warn('stopping the jobs'));
    const jobsReleased = others > 0 ? stopTheJobs() : undefined;
    await drainCommands();
    await ocpp
      .closeAll(
        others > 0
          ? { code: 1012, reason: 'Service restart', spreadMs: config.shutdownHandoverMs }
          : { code: 1001, reason: 'Server shutting down', spreadMs: 0 },
      )
      .catch(warn('handing over OCPP connections'));
    metricsServer?.close();
    // Requests under way finish (a command waiting for a handed-over charge point included), within a command's deadline.
    // Keep-alive connections would linger for their idle timeout once their request is answered: closed as they go idle.
    const requestsDone = new Promise((resolve) => httpServer.close(resolve));
    const closeIdle = setInterval(() => httpServer.closeIdleConnections(), 100);
    await ocpp.close().catch(warn('closing OCPP connections'));
    await (jobsReleased ?? stopTheJobs());
    // After the jobs: a job run under way (the webhook health check) may still be talking to it.
    await enodeSimulator?.close();
    await Promise.race([requestsDone, sleep(config.ocpp.callTimeoutMs + 2_000)]);
    clearInterval(closeIdle);
    httpServer.closeAllConnections();
    await flushCallLog();
    await stopBus().catch(warn('stopping the bus'));
    await retireInstance().catch(warn('retiring the instance'));
    await closeDatabase().catch(warn('closing the database'));
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  getLogger().fatal({ err: error }, 'start-up failed');
  process.exit(1);
});
