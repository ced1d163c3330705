'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { FormError } from '@/components/forms/form-error';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { callApi } from '@/lib/api-client';

const STRATEGIES = [
  ['webhook', 'strategyWebhook'],
  ['poll', 'strategyPoll'],
  ['poll_when_plugged', 'strategyPollPlugged'],
  ['manual', 'strategyManual'],
] as const;
type Strategy = (typeof STRATEGIES)[number][0];

function UpdateStrategyForm({ vehicleId, strategy, interval, onSaved }: { vehicleId: string; strategy: Strategy; interval: number | null; onSaved: () => void }) {
  const t = useTranslations('vehicleDetail');
  const { pending, error, run } = useApiAction();
  const [chosen, setChosen] = React.useState<Strategy>(strategy);
  const [saved, setSaved] = React.useState(false);
  const polls = chosen === 'poll' || chosen === 'poll_when_plugged';

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const minutes = Number(new FormData(event.currentTarget).get('interval') || 15);
    const result = await run(() =>
      callApi('PATCH', `/api/vehicles/${vehicleId}`, { update_strategy: chosen, ...(polls ? { poll_interval_minutes: minutes } : {}) }),
    );
    if (result.ok) {
      setSaved(true);
      onSaved();
    }
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-3" aria-label={t('strategyForm')}>
      <FormError error={error} title={t('saveFailed')} />
      <div className="grid gap-2">
        <Label htmlFor="update-strategy">{t('strategyLabel')}</Label>
        <NativeSelect id="update-strategy" value={chosen} onChange={(e) => setChosen(e.target.value as Strategy)} wrapperClassName="w-full">
          {STRATEGIES.map(([value, label]) => (
            <NativeSelectOption key={value} value={value}>
              {t(label)}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
      {polls && (
        <TextField
          id="poll-interval"
          name="interval"
          label={t('every')}
          type="number"
          min={1}
          max={1440}
          defaultValue={interval ?? 15}
          error={error?.fieldErrors.poll_interval_minutes}
        />
      )}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {t('save')}
        </Button>
        <span role="status" className="text-sm text-muted-foreground">
          {saved ? t('saved') : ''}
        </span>
      </div>
    </form>
  );
}

export { UpdateStrategyForm };
