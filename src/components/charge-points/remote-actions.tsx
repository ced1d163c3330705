'use client';

import { useTranslations } from 'next-intl';

import { describeCompositeSchedule } from './composite-schedule';
import { CommandButton } from './command-button';
import { remoteCommands, targetConnector, type ChargePointState, type RemoteCommand } from './command-rules';
import { useCommand } from './use-command';

interface Props {
  chargePointId: string;
  state: ChargePointState;
  onDone: () => void;
}

/**
 * Remote commands for the charge point's connector, everyday ones apart from
 * disruptive ones (confirmed first), each enabled only when it makes sense in
 * the current state; the charge point's answer (or the error) is shown under them.
 */
function RemoteActions({ chargePointId, state, onDone }: Props) {
  const t = useTranslations('cpPanels');
  const words = useTranslations('commands');
  const { pending, result, send } = useCommand(chargePointId, onDone);
  const { everyday, disruptive } = remoteCommands(state, words);
  const button = (c: RemoteCommand) => (
    <CommandButton
      key={c.id}
      label={c.label}
      busy={pending !== undefined}
      pending={pending === c.label}
      disabledReason={c.disabledReason}
      confirm={c.confirm}
      onSend={() => void send(c.label, c.action, c.payload)}
    />
  );
  const text = result?.ok && result.action === 'GetCompositeSchedule' && result.answer ? describeCompositeSchedule(words, result.answer) : result?.text;

  return (
    <div className="flex flex-col gap-3">
      <p className="text-muted-foreground">{t('actOn', { connector: targetConnector(state).evse_id })}</p>
      <div role="group" aria-label={t('everyday')} className="flex flex-wrap gap-2">
        {everyday.map(button)}
      </div>
      <div role="group" aria-label={t('disruptive')} className="flex flex-col gap-2 rounded-md border border-destructive/40 p-3">
        <p className="text-xs text-muted-foreground">{t('disruptiveHelp')}</p>
        <div className="flex flex-wrap gap-2">{disruptive.map(button)}</div>
      </div>
      <p role="status" className={result?.ok === false ? 'text-sm text-destructive' : 'text-sm'} data-testid="command-result">
        {result && `${result.label}: ${text}`}
      </p>
    </div>
  );
}

export { RemoteActions };
