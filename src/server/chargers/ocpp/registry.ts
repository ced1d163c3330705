import type RPCServerClient from 'ocpp-rpc/lib/server-client';

/** Live charge-point connections of this process, shared across module copies. */
const connections: Map<string, RPCServerClient> = ((globalThis as { __evconduitOcpp?: Map<string, RPCServerClient> })
  .__evconduitOcpp ??= new Map());

/** Adds a connection; an older socket of the same identity is closed. */
export function addConnection(identity: string, client: RPCServerClient): void {
  const previous = connections.get(identity);
  connections.set(identity, client);
  if (previous && previous !== client) {
    void previous.close({ code: 1000, reason: 'Replaced by a newer connection', force: true });
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
export const connectionCount = () => connections.size;
