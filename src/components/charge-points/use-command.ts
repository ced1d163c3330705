'use client';

import * as React from 'react';

import { callApi } from '@/lib/api-client';

export type CommandAnswer = Record<string, unknown>;
export interface CommandResult {
  label: string;
  ok: boolean;
  text: string;
  answer?: CommandAnswer;
}

/** The answer's status; SetVariables answers per variable; some answers (1.6 UpdateFirmware) carry none. */
const statusOf = (answer: CommandAnswer) =>
  String(answer.status ?? (answer.setVariableResult as { attributeStatus?: string }[] | undefined)?.[0]?.attributeStatus ?? 'Accepted');

/** Sends commands to one charge point and keeps the last answer (or error) for display. */
export function useCommand(chargePointId: string, onDone?: () => void) {
  const [pending, setPending] = React.useState<string>();
  const [result, setResult] = React.useState<CommandResult>();
  const send = React.useCallback(
    async (label: string, action: string, payload: CommandAnswer = {}): Promise<CommandAnswer | undefined> => {
      setPending(label);
      const response = await callApi<{ answer: CommandAnswer }>('POST', `/api/charge-points/${chargePointId}/commands`, { action, payload });
      setPending(undefined);
      const next: CommandResult = response.ok
        ? { label, ok: true, text: statusOf(response.data.answer), answer: response.data.answer }
        : { label, ok: false, text: response.error.detail };
      setResult(next);
      onDone?.();
      return response.ok ? response.data.answer : undefined;
    },
    [chargePointId, onDone],
  );
  return { pending, result, send };
}
