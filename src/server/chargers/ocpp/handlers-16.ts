import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { authorizeTag, type Authorization } from '../id-tags';
import { recordOperationProgress } from '../operations';
import { dataTransferStatus, recordConnectorStatus, recordEvent, recordProgress } from './events';
import type { MeterValue16 } from './meter-values';
import { recordMeterValues16, startTransaction16, stopTransaction16, type StartTransaction16, type StopTransaction16 } from './transactions';
import { ocppTime } from './time';
import { handle, type Session } from './session';

/** 1.6 has no 'Unknown': an unknown tag is Invalid. */
const idTagInfo = (a: Authorization) => ({
  status: a.status === 'Unknown' ? 'Invalid' : a.status,
  ...(a.parentTag && { parentIdTag: a.parentTag }),
  ...(a.expiresAt && { expiryDate: a.expiresAt.toISOString() }),
});

/** The charge point's own calls (ocpp-rpc has validated each against the OCPP 1.6 schema). */
export function registerHandlers16(client: RPCServerClient, session: Session) {
  const { chargePointId, ownerId } = session;

  handle(client, 'StatusNotification', async (p: { connectorId: number; status: string; errorCode: string; info?: string; timestamp?: string }) => {
    await recordConnectorStatus(chargePointId, {
      evseId: p.connectorId,
      connectorId: p.connectorId,
      status: p.status,
      errorCode: p.errorCode,
      info: p.info,
      at: ocppTime(p.timestamp),
    });
    return {};
  });

  handle(client, 'Authorize', async (p: { idTag: string }) => ({ idTagInfo: idTagInfo(await authorizeTag(ownerId, p.idTag, chargePointId)) }));

  handle(client, 'StartTransaction', async (p: StartTransaction16) => {
    const authorization = await authorizeTag(ownerId, p.idTag, chargePointId);
    const transactionId = await startTransaction16(chargePointId, p);
    return { transactionId, idTagInfo: idTagInfo(authorization) };
  });

  handle(client, 'StopTransaction', async (p: StopTransaction16) => {
    await stopTransaction16(chargePointId, p);
    return p.idTag ? { idTagInfo: idTagInfo(await authorizeTag(ownerId, p.idTag, chargePointId)) } : {};
  });

  handle(client, 'MeterValues', async (p: { connectorId: number; transactionId?: number; meterValue: MeterValue16[] }) => {
    await recordMeterValues16(chargePointId, p.connectorId, p.transactionId, p.meterValue);
    return {};
  });

  handle(client, 'DataTransfer', async (p: { vendorId: string; messageId?: string; data?: string }) => {
    await recordEvent(chargePointId, 'DataTransfer', p);
    return { status: dataTransferStatus(p.vendorId) };
  });

  handle(client, 'DiagnosticsStatusNotification', async (p: { status: string }) => {
    await recordProgress(chargePointId, 'diagnostics', p.status);
    await recordOperationProgress(chargePointId, 'diagnostics', p.status);
    return {};
  });

  handle(client, 'FirmwareStatusNotification', async (p: { status: string }) => {
    await recordProgress(chargePointId, 'firmware', p.status);
    await recordOperationProgress(chargePointId, 'firmware', p.status);
    return {};
  });
}
