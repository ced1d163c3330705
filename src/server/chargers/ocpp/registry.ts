import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { processState } from '@/server/runtime';

/** Live charge-point connections of this process, shared across module copies. */
const connections: Map<string, RPCServerClient> = processState<Map<string, RPCServerClient>>('ocpp', () => new Map());

/** When each live connection last sent us a message (any OCPP message counts as a heartbeat). */
const lastHeard: WeakMap<RPCServerClient, Date> = processState<WeakMap<RPCServerClient, Date>>('ocppHeard', () => new WeakMap());

export const heard = (client: RPCServerClient) => lastHeard.set(client, now());

const SOCKET_OPEN = 1; // ocpp-rpc's client state, as in ws

/** False once the socket is closing: a call on it fails, though the connection is registered until it has closed. */
export const isOpen = (client: RPCServerClient) => client.state === SOCKET_OPEN;

/**
 * A charge point is online while its socket is open and it was heard within
 * 2 × the heartbeat interval plus the grace period; a silent one is offline
 * even if its socket looks open (a hung controller still answers pings).
 */
export function isLive(client: RPCServerClient, at = now()): boolean {
  const { heartbeatIntervalS, heartbeatGraceS } = getConfig().ocpp;
  const last = lastHeard.get(client);
  return last !== undefined && at.getTime() - last.getTime() <= (2 * heartbeatIntervalS + heartbeatGraceS) * 1000;
}

export const isOnline = (identity: string) => {
  const client = connections.get(identity);
  return client !== undefined && isLive(client);
};

/** Adds a connection; an older socket of the same identity is closed. */
export function addConnection(identity: string, client: RPCServerClient): void {
  const previous = connections.get(identity);
  connections.set(identity, client);
  heard(client);
  if (previous && previous !== client) {
    void previous.close({ code: 1000, reason: 'Replaced by a newer connection', awaitPending: false });
  }
}

/**
 * Removes a connection, only if the registry still points at this socket.
 * Returns false for a socket that a newer connection already replaced.
 */
export function removeConnection(identity: string, client: RPCServerClient): boolean {
  if (connections.get(identity) !== client) return false;
  connections.delete(identity);
  return true;
}

export const getConnection = (identity: string) => connections.get(identity);
export const connectedIdentities = () => [...connections.keys()];
export const liveConnections = () => [...connections.values()];
export const connectionCount = () => connections.size;
