import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { RPCSecurityError } from 'ocpp-rpc/lib/errors.js';
import { emit } from '@/server/events/domain-events';
import { guardCall, noteHandledAction } from './call-guard';

/** What the handshake learnt about the charge point, kept on the ocpp-rpc client. */
export interface Session {
  chargePointId: string;
  /** Null while a pending identity is unclaimed. */
  ownerId: string | null;
  /** The charge point's own WebSocket ping interval (0 = off); null: the server default. */
  pingIntervalS: number | null;
  /** When this connection claimed the charge point's presence (presence.ts); tells which of two sockets is newer. */
  connectedSince: Date;
}

/**
 * Registers one action, run under the connection's guard (call-guard.ts).
 * Each action is registered explicitly: anything else keeps ocpp-rpc's
 * NotImplemented answer (a catch-all would turn it into a ProtocolError in
 * strict mode). Only BootNotification is taken before the charge point is
 * accepted.
 */
export function handle<P>(client: RPCServerClient, action: string, fn: (params: P) => Promise<Record<string, unknown>>) {
  noteHandledAction(action);
  client.handle(action, ({ params }: { params?: unknown }) =>
    guardCall(client, action, params, async () => {
      // A station that is not accepted may only boot (OCPP 2.0.1 B02/B03, OCA TC_B_30); nothing it sends is recorded.
      if (action !== 'BootNotification' && (client.session as Session).ownerId === null) {
        throw new RPCSecurityError(`${action} before the charge point is accepted`);
      }
      const answer = await fn((params ?? {}) as P);
      if (CHARGING_CHANGED[action]?.(params as Record<string, unknown>)) afterAnswer(client);
      const { chargePointId } = client.session as Session;
      if (PUSHED.has(action)) emit({ type: 'chargePoint.changed', chargePointId });
      const session = sessionEvent(action, params as Record<string, unknown>, answer);
      if (session) emit({ ...session, chargePointId });
      return answer;
    }),
  );
}

/** Messages that change what Home Assistant shows of a charge point. */
const PUSHED = new Set(['StatusNotification', 'StartTransaction', 'StopTransaction', 'TransactionEvent', 'MeterValues']);

/** The session a message began or ended, from what the charge point sent and what we answered. */
function sessionEvent(
  action: string,
  params: Record<string, unknown>,
  answer: Record<string, unknown>,
): { type: 'session.started' | 'session.stopped'; ocppTransactionId: string } | undefined {
  if (action === 'StartTransaction' && answer.transactionId !== undefined) return { type: 'session.started', ocppTransactionId: String(answer.transactionId) };
  if (action === 'StopTransaction') return { type: 'session.stopped', ocppTransactionId: String(params.transactionId) };
  if (action !== 'TransactionEvent') return undefined;
  const ocppTransactionId = String((params.transactionInfo as { transactionId?: unknown } | undefined)?.transactionId);
  if (params.eventType === 'Started') return { type: 'session.started', ocppTransactionId };
  if (params.eventType === 'Ended') return { type: 'session.stopped', ocppTransactionId };
  return undefined;
}

/** Messages that change who draws current on a site (2.0.1 meter-value updates do not). */
const CHARGING_CHANGED: Record<string, (p: Record<string, unknown>) => boolean> = {
  StartTransaction: () => true,
  StopTransaction: () => true,
  StatusNotification: () => true,
  TransactionEvent: (p) => p.eventType !== 'Updated' || p.triggerReason === 'ChargingStateChanged',
};

/**
 * Reports that who may draw current on the charge point changed, once our
 * answer is on its way (a 1.6 charge point must know its transactionId before
 * load balancing sends a TxProfile for it).
 */
export function afterAnswer(client: RPCServerClient): void {
  const { chargePointId } = client.session as Session;
  setTimeout(() => emit({ type: 'chargePoint.chargingChanged', chargePointId }), 0);
}
