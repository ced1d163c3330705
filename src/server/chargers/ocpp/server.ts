import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Duplex } from 'node:stream';
import { RPCServer } from 'ocpp-rpc';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { getConfig, type AppConfig } from '@/server/config';
import { emit } from '@/server/events/domain-events';
import { getLogger } from '@/server/observability/logger';
import { sampleAtScrape } from '@/server/observability/metrics';
import type { ChargePoint } from '@/server/db/schema';
import { registerCommandHandlers } from '../commands';
import { admitUnknownIdentity } from '../pending';
import { checkChargePointCredentials } from '../registration';
import { completeRotation } from '../security';
import { now } from '@/server/clock';
import { flushSeen, recordBoot, recordSeen } from './boot';
import { registerHandlers16 } from './handlers-16';
import { noteCallError, noteInboundFrame } from './call-guard';
import { registerHandlers201 } from './handlers-201';
import { flushMessageLog, messageRecorder } from './message-log';
import { createHandshakeGate, identityProblem, refuseUpgrade } from './handshake';
import { claimPresence, markHandingOver, releaseAllPresence, releasePresence, releasesWritten } from './presence';
import { addConnection, getConnection, heard, isLive, liveConnections, removeConnection } from './registry';
import { announceTakeover, registerRemoteHandlers } from './remote';
import { afterAnswer, handle, type Session } from './session';

export const OCPP_PATH_PREFIX = '/ocpp/';
export const SUPPORTED_PROTOCOLS = ['ocpp2.0.1', 'ocpp1.6'] as const;

type Params = Record<string, unknown>;

const isoNow = () => new Date().toISOString();

function registerHandlers(client: RPCServerClient, config: AppConfig) {
  const session = client.session as Session;
  const { chargePointId } = session;
  const interval = config.ocpp.heartbeatIntervalS;
  const log = getLogger().child({ chargePoint: client.identity, protocol: client.protocol });

  if (client.protocol === 'ocpp1.6') {
    handle(client, 'BootNotification', async (p: Params) => {
      const status = await recordBoot(chargePointId, 'ocpp1.6', {
        vendor: String(p.chargePointVendor),
        model: String(p.chargePointModel),
        serialNumber: (p.chargePointSerialNumber ?? p.chargeBoxSerialNumber) as string | undefined,
        firmwareVersion: p.firmwareVersion as string | undefined,
      });
      log.info({ status }, 'BootNotification');
      afterAnswer(client);
      return { status, currentTime: isoNow(), interval };
    });
    registerHandlers16(client, session);
  } else {
    handle(client, 'BootNotification', async (params: Params) => {
      const station = (params.chargingStation ?? {}) as Params;
      const status = await recordBoot(chargePointId, 'ocpp2.0.1', {
        vendor: String(station.vendorName),
        model: String(station.model),
        serialNumber: station.serialNumber as string | undefined,
        firmwareVersion: station.firmwareVersion as string | undefined,
      });
      log.info({ status, reason: params.reason }, 'BootNotification');
      afterAnswer(client);
      return { status, currentTime: isoNow(), interval };
    });
    registerHandlers201(client, session);
  }
  handle(client, 'Heartbeat', async () => ({ currentTime: recordSeen(chargePointId).toISOString() }));
}

/** After the connection's presence is written: a new socket gets its limit again, an offline one keeps it counted. */
function connectionChanged(chargePointId: string): void {
  emit({ type: 'chargePoint.changed', chargePointId }, { type: 'chargePoint.chargingChanged', chargePointId });
}

/**
 * A claim whose socket never opened (the client vanished during the upgrade)
 * would show the charge point connected here until its heartbeats lapse:
 * released once the handshake deadline has passed without it.
 */
function forgetIfNeverOpened(identity: string, chargePointId: string, since: Date): void {
  const { handshakeTimeoutMs } = getConfig().ocpp;
  setTimeout(() => {
    const client = getConnection(identity);
    if (client && (client.session as Session).connectedSince.getTime() === since.getTime()) return;
    // Conditional on `since`: a no-op once the socket has opened and closed, or a newer one claimed it.
    void releasePresence(chargePointId, since).catch((err: unknown) => getLogger().warn({ err }, 'releasing presence failed'));
  }, handshakeTimeoutMs).unref();
}

type Handshake = { identity: string; password?: Buffer; request: IncomingMessage };

/**
 * Who may connect: a registered identity with its password (or none, where
 * its owner allowed security profile 0), or an unknown identity as pending
 * when the admin setting allows it. Null: refuse (401).
 */
async function authenticate(handshake: Handshake, log: ReturnType<typeof getLogger>): Promise<ChargePoint | null> {
  const { identity, password } = handshake;
  // ocpp-rpc gives the password only when the Basic user name is the identity (OCA TC_A_02).
  const foreignUser = !password && handshake.request.headers.authorization !== undefined;
  const check = await checkChargePointCredentials(identity, password, foreignUser);
  if (check.ok) {
    if (check.usedNewPassword) {
      await completeRotation(check.chargePoint.id);
      log.info({ identity }, 'charge point connected with its new password; the old one is no longer valid');
    }
    return check.chargePoint;
  }
  if (check.reason === 'unknown_identity' || check.reason === 'unclaimed') {
    const pending = await admitUnknownIdentity(identity);
    if (pending) {
      log.info({ identity }, 'unknown identity accepted as pending');
      return pending;
    }
  }
  return refused(log, identity, check.reason);
}

function refused(log: ReturnType<typeof getLogger>, identity: string, reason: string): null {
  log.warn({ identity, reason }, 'OCPP handshake refused');
  return null;
}

/**
 * The OCPP endpoint `/ocpp/<identity>`: ocpp-rpc with strict validation both
 * ways. Clients without a supported subprotocol (ocpp-rpc would otherwise
 * accept them and validate nothing) and unknown identities are refused
 * during the handshake.
 */
export function createOcppServer(config: AppConfig) {
  const log = getLogger().child({ component: 'ocpp' });
  registerRemoteHandlers();
  registerCommandHandlers();
  sampleAtScrape('ocpp_connected_charge_points', () => {
    const byProtocol: Record<string, number> = Object.fromEntries(SUPPORTED_PROTOCOLS.map((p) => [p, 0]));
    for (const client of liveConnections()) byProtocol[client.protocol as string] = (byProtocol[client.protocol as string] ?? 0) + 1;
    return byProtocol;
  });
  const server = new RPCServer({
    protocols: [...SUPPORTED_PROTOCOLS],
    strictMode: true,
    callTimeoutMs: config.ocpp.callTimeoutMs,
    pingIntervalMs: config.ocpp.pingIntervalS * 1000,
    // A message from the charge point proves the socket alive as well as a pong: ping only quiet ones
    // (at 10,000 charge points, 30 s pings were a third as many frames again as their messages).
    deferPingsOnActivity: true,
    // One outgoing call in flight per charge point (commands.ts queues them
    // with deadlines as well); its incoming calls are answered independently.
    callConcurrency: 1,
    wssOptions: { maxPayload: config.ocpp.maxPayloadBytes },
  });

  server.auth(async (accept, reject, handshake) => {
    try {
      const offered = [...handshake.protocols];
      const protocol = SUPPORTED_PROTOCOLS.find((p) => handshake.protocols.has(p));
      if (!protocol) {
        log.warn({ identity: handshake.identity, offered }, 'OCPP handshake refused: no supported subprotocol');
        return reject(400, `Unsupported subprotocol: offer one of ${SUPPORTED_PROTOCOLS.join(', ')}`);
      }
      if (handshake.endpoint !== '/ocpp') return reject(404, 'Not found');
      const chargePoint = await authenticate(handshake, log);
      if (!chargePoint) return reject(401, 'Unauthorized');
      // Claimed before the socket opens: once the charge point sees it open, every instance shows it connected.
      const connectedSince = now();
      const previous = await claimPresence(chargePoint.id, protocol, connectedSince);
      if (previous) announceTakeover(handshake.identity, connectedSince);
      accept(
        { chargePointId: chargePoint.id, ownerId: chargePoint.ownerId, pingIntervalS: chargePoint.pingIntervalS, connectedSince } satisfies Session,
        protocol,
      );
      forgetIfNeverOpened(handshake.identity, chargePoint.id, connectedSince);
    } catch (error) {
      log.error({ err: error, identity: handshake.identity }, 'OCPP handshake failed');
      reject(500, 'Internal error');
    }
  });

  server.on('client', (client: RPCServerClient) => {
    const { chargePointId, pingIntervalS, connectedSince } = client.session as Session;
    // Per charge point (some ignore pings and would be dropped); 0 turns them off.
    if (pingIntervalS !== null) client.reconfigure({ pingIntervalMs: pingIntervalS * 1000 } as never);
    addConnection(client.identity as string, client);
    registerHandlers(client, config);
    log.info({ identity: client.identity, protocol: client.protocol }, 'charge point connected');
    // Its presence was claimed during the handshake: every instance sees it connected now.
    connectionChanged(chargePointId);
    const logMessage = config.ocpp.messageLog ? messageRecorder(chargePointId) : undefined;
    client.on('message', ({ message, outbound }: { message: string | Buffer; outbound: boolean }) => {
      logMessage?.(String(message), outbound);
      if (outbound) return;
      heard(client);
      // Every instance reads "heard recently" from last_seen_at (buffered, boot.ts).
      recordSeen(chargePointId);
      noteInboundFrame(client);
    });
    client.on('callError', (event: { outbound: boolean; method?: string; error?: unknown }) => noteCallError(client, event));
    client.on('badMessage', ({ error }: { error: Error }) =>
      log.warn({ identity: client.identity, err: error.message }, 'bad OCPP message'),
    );
    client.on('strictValidationFailure', ({ error }: { error: Error }) =>
      log.warn({ identity: client.identity, err: error.message }, 'OCPP message failed validation'),
    );
    client.once('close', ({ code }: { code: number }) => {
      const wasCurrent = removeConnection(client.identity as string, client);
      log.info({ identity: client.identity, code, replaced: !wasCurrent }, 'charge point disconnected');
      // A replaced socket closing must not mark its successor's charge point offline, here or on another instance.
      // 1012 is our own handover (a restart): commands meanwhile wait for the charge point to reconnect elsewhere.
      void releasePresence(chargePointId, connectedSince, code === 1012)
        .then((released) => released && connectionChanged(chargePointId))
        .catch((err) => log.error({ err }, 'status update failed'));
    });
  });

  // Closes sockets of charge points that stopped talking, so they show offline and free their site share.
  const sweep = setInterval(() => {
    for (const client of liveConnections()) {
      if (isLive(client)) continue;
      log.warn({ identity: client.identity }, 'charge point missed its heartbeats; closing the connection');
      void client.close({ code: 1001, reason: 'Heartbeats missed', force: true });
    }
  }, Math.min(30, config.ocpp.heartbeatIntervalS) * 1000);
  sweep.unref();

  const handshakes = createHandshakeGate({ timeoutMs: config.ocpp.handshakeTimeoutMs, maxPending: config.ocpp.maxPendingHandshakes });

  return {
    /** Only call for paths under OCPP_PATH_PREFIX. Every upgrade ends: answered, refused with a status, or destroyed. */
    handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const problem = identityProblem(req.url);
      if (problem) return refuseUpgrade(socket, 400, problem);
      handshakes.admit(
        socket,
        () => server.handleUpgrade(req, socket as never, head),
        (err) => log.error({ err }, 'OCPP upgrade failed'),
      );
    },
    /**
     * Closes every charge point's socket with `code`, one after another over
     * `spreadMs` (so they reconnect to the other instances a few at a time),
     * each after the calls in progress on it are answered.
     */
    closeAll: async ({ code, reason, spreadMs }: { code: number; reason: string; spreadMs: number }) => {
      clearInterval(sweep);
      if (code === 1012) await markHandingOver().catch((err: unknown) => log.warn({ err }, 'marking the handover failed; commands meanwhile may answer 409'));
      const clients = liveConnections();
      const gap = clients.length > 1 ? spreadMs / clients.length : 0;
      await Promise.all(
        clients.map(async (client, i) => {
          if (i > 0) await sleep(i * gap);
          await client.close({ code, reason, awaitPending: true }).catch((err: unknown) => log.warn({ err }, 'closing a connection failed'));
        }),
      );
      await Promise.all([flushSeen(), flushMessageLog(), releasesWritten()]);
    },
    close: async () => {
      clearInterval(sweep);
      await server.close({ code: 1001, reason: 'Server shutting down', awaitPending: false });
      await Promise.all([flushSeen(), flushMessageLog(), releasesWritten()]);
      await releaseAllPresence();
    },
  };
}

export type OcppServer = ReturnType<typeof createOcppServer>;
