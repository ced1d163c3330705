'use client';

import * as React from 'react';

import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

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
      { label: 'Charging schedule', action: 'GetCompositeSchedule', payload: { evseId: 1, duration: 3600, chargingRateUnit: 'A' } },
    ];
  }
  return [
    { label: 'Start session', action: 'RemoteStartTransaction', payload: { connectorId: 1 } },
    ...(tx ? [{ label: 'Stop session', action: 'RemoteStopTransaction', payload: { transactionId: Number(tx) } }] : []),
    { label: 'Reset', action: 'Reset', payload: { type: 'Soft' } },
    { label: 'Unlock connector', action: 'UnlockConnector', payload: { connectorId: 1 } },
    { label: 'Make available', action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Operative' } },
    { label: 'Make unavailable', action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Inoperative' } },
  ];
}

interface SchedulePeriod {
  startPeriod: number;
  limit: number;
}

/** The answer's status; a composite schedule also lists its periods (e.g. "Accepted: 16 A from 0 s, 10 A from 1800 s"). */
function describe(answer: Record<string, unknown>): string {
  const schedule = answer.schedule as { chargingRateUnit: string; chargingSchedulePeriod: SchedulePeriod[] } | undefined;
  if (!schedule) return String(answer.status ?? JSON.stringify(answer));
  const periods = schedule.chargingSchedulePeriod.map((p) => `${p.limit} ${schedule.chargingRateUnit} from ${p.startPeriod} s`);
  return `${String(answer.status)}: ${periods.join(', ')}`;
}

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
        ? { label, ok: true, text: describe(answer.data.answer) }
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
