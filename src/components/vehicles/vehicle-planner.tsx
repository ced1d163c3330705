'use client';

import Link from 'next/link';
import * as React from 'react';
import { useTranslations } from 'next-intl';

import { DateTime } from '@/components/date-time';
import { FormError } from '@/components/forms/form-error';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { useFormats } from '@/i18n/formats';
import { callApi } from '@/lib/api-client';

export interface PlanDefaults {
  target_battery_level: number | null;
  departure_time: string | null;
  strategy: 'cheapest' | 'greenest';
}
export interface ChargePointSession {
  transaction_id: string;
  charge_point_id: string;
  charge_point_name: string;
  started_at: string;
  stopped_at: string | null;
  battery_level_start: number | null;
  battery_level: number | null;
  energy_charge_point_kwh: number | null;
  energy_vehicle_kwh: number | null;
}

/** A vehicle's planner defaults and the charge point sessions it was matched with (docs/planner.md). */
export function VehiclePlanner({ vehicleId, defaults, sessions }: { vehicleId: string; defaults: PlanDefaults; sessions: ChargePointSession[] }) {
  const t = useTranslations('vehiclePlanner');
  const f = useFormats();
  const save = useApiAction();
  const [saved, setSaved] = React.useState(defaults);
  const [message, setMessage] = React.useState<string | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    const form = new FormData(event.currentTarget);
    const target = String(form.get('target_battery_level') ?? '').trim();
    const time = String(form.get('departure_time') ?? '').trim();
    const body = { target_battery_level: target === '' ? null : Number(target), departure_time: time === '' ? null : time, strategy: String(form.get('strategy') ?? 'cheapest') };
    const result = await save.run(() => callApi<PlanDefaults>('PUT', `/api/vehicles/${vehicleId}/plan-defaults`, body));
    if (result.ok) {
      setSaved(result.data);
      setMessage(result.data.target_battery_level === null ? t('noPlan') : t('saved'));
    }
  }

  return (
    <Card aria-label={t('title')}>
      <CardHeader>
        <CardTitle>
          <h2>{t('title')}</h2>
        </CardTitle>
        <CardDescription>
          {t('help')}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        <form aria-label={t('form')} className="grid gap-3 sm:grid-cols-3" onSubmit={(e) => void submit(e)} noValidate>
          <TextField
            id="defaults-target"
            name="target_battery_level"
            type="number"
            min={1}
            max={100}
            label={t('target')}
            defaultValue={saved.target_battery_level ?? ''}
            error={save.error?.fieldErrors.target_battery_level}
          />
          <TextField id="defaults-time" name="departure_time" type="time" label={t('departure')} defaultValue={saved.departure_time ?? ''} error={save.error?.fieldErrors.departure_time} />
          <div className="grid gap-2">
            <Label htmlFor="defaults-strategy">{t('chargeIn')}</Label>
            <select id="defaults-strategy" name="strategy" defaultValue={saved.strategy} className="h-9 rounded-md border border-input bg-transparent px-3 text-sm">
              <option value="cheapest">{t('cheapest')}</option>
              <option value="greenest">{t('greenest')}</option>
            </select>
          </div>
          <div className="flex items-center gap-3 sm:col-span-3">
            <Button type="submit" disabled={save.pending}>
              {t('save')}
            </Button>
            {message && <span role="status">{message}</span>}
          </div>
          <div className="sm:col-span-3">
            <FormError error={save.error} fields={['target_battery_level', 'departure_time']} />
          </div>
        </form>
        {sessions.length === 0 ? (
          <p className="text-muted-foreground">{t('noSessions')}</p>
        ) : (
          <ul aria-label={t('sessions')} className="flex flex-col gap-1">
            {sessions.map((s) => (
              <li key={s.transaction_id} className="tabular-nums">
                {t.rich('at', {
                  name: s.charge_point_name,
                  when: () => <DateTime value={s.started_at} />,
                  link: (chunks) => (
                    <Link href={`/charge-points/${s.charge_point_id}`} className="underline">
                      {chunks}
                    </Link>
                  ),
                })}
                {s.stopped_at === null && t('charging')}
                {s.battery_level_start !== null && s.battery_level !== null && ` · ${s.battery_level_start} % → ${s.battery_level} %`}
                {s.energy_charge_point_kwh !== null && t('metered', { energy: f.fixed(s.energy_charge_point_kwh, 2) })}
                {s.energy_vehicle_kwh !== null && t('intoBattery', { energy: f.fixed(s.energy_vehicle_kwh, 2) })}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
