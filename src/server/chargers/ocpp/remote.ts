import { z } from 'zod';
import { handle, publish, request, subscribe } from '@/server/cluster/bus';
import { getLogger } from '@/server/observability/logger';
import { runtime } from '@/server/runtime';
import { COMMAND_METHOD, offline, sendLocalCommand } from './commands';
import { presenceOf, reclaimPresence } from './presence';
import { getConnection } from './registry';
import type { Session } from './session';

/**
 * What other instances may ask of the instance holding a charge point's
 * socket, over the bus: send a command, close the socket, change the owner
 * its session acts for. With PGlite the same handlers run in process.
 */

const REPLACED_TOPIC = 'ocpp.replaced';
const CLOSE_METHOD = 'ocpp.close';
const SET_OWNER_METHOD = 'ocpp.setOwner';
/** Closing a socket or changing a session is immediate on the holder; more than this means it is gone. */
const QUICK_REQUEST_MS = 5_000;

const commandRequest = z.object({
  identity: z.string(),
  action: z.string(),
  payload: z.record(z.string(), z.unknown()),
  timeoutMs: z.number().int().positive(),
});
const replaced = z.object({ identity: z.string(), holder: z.string(), since: z.iso.datetime() });
const closeRequest = z.object({ identity: z.string(), code: z.number().int(), reason: z.string() });
const setOwnerRequest = z.object({ identity: z.string(), ownerId: z.string() });

/** Registers this process's answers; called once by the OCPP server. */
export function registerRemoteHandlers(): void {
  handle(COMMAND_METHOD, async (data) => {
    const { identity, action, payload, timeoutMs } = commandRequest.parse(data);
    // Only the socket here: the row may already point elsewhere, and a second hop could loop.
    return sendLocalCommand(identity, action, payload, timeoutMs);
  });

  subscribe(REPLACED_TOPIC, (data) => {
    const { identity, holder, since } = replaced.parse(data);
    if (holder === runtime().instanceId) return;
    const client = getConnection(identity);
    if (!client) return;
    const session = client.session as Session;
    if (session.connectedSince.getTime() >= Date.parse(since)) {
      // Two claims crossed and the older socket's landed last: ours, the newer, takes the row back and the other closes.
      void reclaimPresence(session.chargePointId, client.protocol as string, session.connectedSince)
        .then((taken) => taken && announceTakeover(identity, session.connectedSince))
        .catch((err: unknown) => getLogger().warn({ err, chargePoint: identity }, 'presence not reclaimed'));
      return;
    }
    getLogger().info({ chargePoint: identity, holder }, 'charge point reconnected to another instance; closing its old socket');
    // A close frame, not a reset: the charge point learns why. Its pending calls are dropped.
    void client.close({ code: 1000, reason: 'Replaced by a newer connection', awaitPending: false });
  });

  handle(CLOSE_METHOD, async (data) => {
    const { identity, code, reason } = closeRequest.parse(data);
    const client = getConnection(identity);
    if (client) void client.close({ code, reason, force: true });
    return { closed: client !== undefined };
  });

  handle(SET_OWNER_METHOD, async (data) => {
    const { identity, ownerId } = setOwnerRequest.parse(data);
    const client = getConnection(identity);
    if (!client) throw offline();
    (client.session as Session).ownerId = ownerId;
    return { updated: true };
  });
}

/** Tells the instance that held the charge point before (the broadcast reaches it) that a newer socket took over. */
export function announceTakeover(identity: string, since: Date): void {
  publish(REPLACED_TOPIC, { identity, holder: runtime().instanceId, since: since.toISOString() }).catch((err: unknown) =>
    getLogger().warn({ err, chargePoint: identity }, 'takeover not announced; the old socket closes with its heartbeats'),
  );
}

/** The instance holding the charge point's live socket: this one, the one the database names, or null. */
export async function holderOf(identity: string): Promise<string | null> {
  if (getConnection(identity)) return runtime().instanceId;
  const presence = await presenceOf(identity);
  return presence?.connected ? presence.holder : null;
}

/** Closes the charge point's socket on `holder` (this instance or another); failures are only logged. */
export async function closeOnHolder(identity: string, holder: string, code: number, reason: string): Promise<void> {
  await request(holder, CLOSE_METHOD, { identity, code, reason }, QUICK_REQUEST_MS).catch((err: unknown) =>
    getLogger().warn({ err, chargePoint: identity, holder }, 'closing a socket on its instance failed'),
  );
}

/**
 * Makes the live session on `holder` act for `ownerId` (a claimed pending
 * identity). False when it could not: the charge point gets its owner from
 * the database at its next connection anyway.
 */
export async function setOwnerOnHolder(identity: string, holder: string, ownerId: string): Promise<boolean> {
  try {
    await request(holder, SET_OWNER_METHOD, { identity, ownerId }, QUICK_REQUEST_MS);
    return true;
  } catch (err) {
    getLogger().warn({ err, chargePoint: identity, holder }, 'the live session of a claimed charge point was not updated');
    return false;
  }
}
