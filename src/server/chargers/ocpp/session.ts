import type RPCServerClient from 'ocpp-rpc/lib/server-client';

/** What the handshake learnt about the charge point, kept on the ocpp-rpc client. */
export interface Session {
  chargePointId: string;
  ownerId: string | null;
}

/**
 * Registers one action. Each action is registered explicitly: anything else
 * keeps ocpp-rpc's NotImplemented answer (a catch-all would turn it into a
 * ProtocolError in strict mode).
 */
export function handle<P>(client: RPCServerClient, action: string, fn: (params: P) => Promise<Record<string, unknown>>) {
  client.handle(action, ({ params }: { params?: unknown }) => fn((params ?? {}) as P));
}
