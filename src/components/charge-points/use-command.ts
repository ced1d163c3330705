'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { callApi } from '@/lib/api-client';
import { answerStatus } from './command-rules';

export type CommandAnswer = Record<string, unknown>;
export interface CommandResult {
  label: string;
  /** The command's OCPP action, e.g. "GetCompositeSchedule". */
  action: string;
  ok: boolean;
  text: string;
  answer?: CommandAnswer;
}

/** The answer's status; SetVariables answers per variable; some answers (1.6 UpdateFirmware) carry none. */
const statusOf = (answer: CommandAnswer) =>
  String(answer.status ?? (answer.setVariableResult as { attributeStatus?: string }[] | undefined)?.[0]?.attributeStatus ?? 'Accepted');

/** Sends commands to one charge point and keeps the last answer (or error) for display, in the reader's language. */
export function useCommand(chargePointId: string, onDone?: () => void) {
  const t = useTranslations('commands');
  const [pending, setPending] = React.useState<string>();
  const [result, setResult] = React.useState<CommandResult>();
  const send = React.useCallback(
    async (label: string, action: string, payload: CommandAnswer = {}): Promise<CommandAnswer | undefined> => {
      setPending(label);
      const response = await callApi<{ answer: CommandAnswer }>('POST', `/api/charge-points/${chargePointId}/commands`, { action, payload });
      setPending(undefined);
      const next: CommandResult = response.ok
        ? { label, action, ok: true, text: answerStatus(t, statusOf(response.data.answer)), answer: response.data.answer }
        : { label, action, ok: false, text: response.error.detail };
      setResult(next);
      onDone?.();
      return response.ok ? response.data.answer : undefined;
    },
    [chargePointId, onDone, t],
  );
  return { pending, result, send };
}
