import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { authorizeTag, type Authorization } from '../id-tags';
import { recordOperationProgress } from '../operations';
import { dataTransferStatus, recordConnectorStatus, recordEvent, recordProgress } from './events';
import { samplesFrom201, storeSamples, type MeterValue201 } from './meter-values';
import { recordTransactionEvent, type TransactionEvent201 } from './transactions';
import { logReplacedTimes, messageClock, ocppTime } from './time';
import { handle, type Session } from './session';

interface IdToken {
  idToken: string;
  type: string;
}

const idTokenInfo = (a: Authorization) => ({
  status: a.status,
  ...(a.parentTag && { groupIdToken: { idToken: a.parentTag, type: 'Central' } }),
  ...(a.expiresAt && { cacheExpiryDateTime: a.expiresAt.toISOString() }),
});

/** Messages kept as they came, with nothing else to do for this slice. */
const RECORDED_ACTIONS = ['NotifyReport', 'NotifyEvent', 'SecurityEventNotification'] as const;

/** The charge point's own calls (ocpp-rpc has validated each against the OCPP 2.0.1 schema). */
export function registerHandlers201(client: RPCServerClient, session: Session) {
  const { chargePointId, ownerId } = session;

  handle(client, 'StatusNotification', async (p: { timestamp: string; connectorStatus: string; evseId: number; connectorId: number }) => {
    await recordConnectorStatus(chargePointId, {
      evseId: p.evseId,
      connectorId: p.connectorId,
      status: p.connectorStatus,
      at: ocppTime(p.timestamp),
    });
    return {};
  });

  handle(client, 'Authorize', async (p: { idToken: IdToken }) => ({ idTokenInfo: idTokenInfo(await authorizeTag(ownerId, p.idToken.idToken, chargePointId)) }));

  handle(client, 'TransactionEvent', async (p: TransactionEvent201) => {
    await recordTransactionEvent(chargePointId, p);
    // Tokens of type NoAuthorization (free charging) need no verdict.
    if (!p.idToken || p.idToken.type === 'NoAuthorization') return {};
    return { idTokenInfo: idTokenInfo(await authorizeTag(ownerId, p.idToken.idToken, chargePointId)) };
  });

  handle(client, 'MeterValues', async (p: { evseId: number; meterValue: MeterValue201[] }) => {
    const clock = messageClock();
    await storeSamples({ chargePointId, evseId: p.evseId }, samplesFrom201(p.meterValue, clock));
    logReplacedTimes(chargePointId, 'MeterValues', clock);
    return {};
  });

  for (const action of RECORDED_ACTIONS) {
    handle(client, action, async (p: unknown) => {
      await recordEvent(chargePointId, action, p);
      return {};
    });
  }

  handle(client, 'DataTransfer', async (p: { vendorId: string }) => {
    await recordEvent(chargePointId, 'DataTransfer', p);
    return { status: dataTransferStatus(p.vendorId) };
  });

  handle(client, 'FirmwareStatusNotification', async (p: { status: string; requestId?: number }) => {
    await recordProgress(chargePointId, 'firmware', p.status);
    await recordOperationProgress(chargePointId, 'firmware', p.status, p.requestId);
    return {};
  });

  handle(client, 'LogStatusNotification', async (p: { status: string; requestId?: number }) => {
    await recordProgress(chargePointId, 'diagnostics', p.status);
    await recordOperationProgress(chargePointId, 'diagnostics', p.status, p.requestId);
    return {};
  });
}
