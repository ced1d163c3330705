'use client';

import * as React from 'react';

import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

import { describeCompositeSchedule } from './composite-schedule';

interface Props {
  chargePointId: string;
  protocol: string | null;
  /** The OCPP id of the running transaction, for a remote stop. */
  activeTransactionId: string | null;
  onDone: () => void;
}

/** The payloads of the common remote actions for each protocol (connector/EVSE 1). */
function actionsFor(protocol: string | null, tx: string | null): { label: string; action: string; payload: Record<string, unknown> }[] {
  if (protocol === 'ocpp2.0.1') {
    return [
      { label: 'Start session', action: 'RequestStartTransaction', payload: { evseId: 1 } },
      ...(tx ? [{ label: 'Stop session', action: 'RequestStopTransaction', payload: { transactionId: tx } }] : []),
      { label: 'Reset', action: 'Reset', payload: { type: 'OnIdle' } },
      { label: 'Unlock connector', action: 'UnlockConnector', payload: { evseId: 1, connectorId: 1 } },
      { label: 'Make available', action: 'ChangeAvailability', payload: { operationalStatus: 'Operative' } },
      { label: 'Make unavailable', action: 'ChangeAvailability', payload: { operationalStatus: 'Inoperative' } },
      // What EVSE 1 may draw over the next 24 h, all charging profiles combined.
      { label: 'Composite schedule', action: 'GetCompositeSchedule', payload: { evseId: 1, duration: 86_400, chargingRateUnit: 'A' } },
    ];
  }
  return [
    { label: 'Start session', action: 'RemoteStartTransaction', payload: { connectorId: 1 } },
    ...(tx ? [{ label: 'Stop session', action: 'RemoteStopTransaction', payload: { transactionId: Number(tx) } }] : []),
    { label: 'Reset', action: 'Reset', payload: { type: 'Soft' } },
    { label: 'Unlock connector', action: 'UnlockConnector', payload: { connectorId: 1 } },
    { label: 'Make available', action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Operative' } },
    { label: 'Make unavailable', action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Inoperative' } },
    // What connector 1 may draw over the next 24 h, all charging profiles combined.
    { label: 'Composite schedule', action: 'GetCompositeSchedule', payload: { connectorId: 1, duration: 86_400 } },
  ];
}

const answerText = (action: string, answer: Record<string, unknown>) =>
  action === 'GetCompositeSchedule' ? describeCompositeSchedule(answer) : String(answer.status ?? JSON.stringify(answer));

/** Remote commands with the charge point's answer (or the error) shown under the buttons. */
function RemoteActions({ chargePointId, protocol, activeTransactionId, onDone }: Props) {
  const [pending, setPending] = React.useState<string>();
  const [result, setResult] = React.useState<{ label: string; text: string; ok: boolean }>();

  async function send(label: string, action: string, payload: Record<string, unknown>) {
    setPending(label);
    const answer = await callApi<{ answer: Record<string, unknown> }>('POST', `/api/charge-points/${chargePointId}/commands`, { action, payload });
    setPending(undefined);
    setResult(
      answer.ok
        ? { label, ok: true, text: answerText(action, answer.data.answer) }
        : { label, ok: false, text: answer.error.detail },
    );
    onDone();
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        {actionsFor(protocol, activeTransactionId).map(({ label, action, payload }) => (
          <Button key={label} variant="outline" size="sm" disabled={pending !== undefined} onClick={() => void send(label, action, payload)}>
            {pending === label ? `${label}…` : label}
          </Button>
        ))}
      </div>
      <p role="status" className={result?.ok === false ? 'text-sm text-destructive' : 'text-sm'} data-testid="command-result">
        {result && `${result.label}: ${result.text}`}
      </p>
    </div>
  );
}

export { RemoteActions };
