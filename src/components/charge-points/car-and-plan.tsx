'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { DateTime } from '@/components/date-time';
import { FormError } from '@/components/forms/form-error';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { useFormats } from '@/i18n/formats';
import { callApi } from '@/lib/api-client';
import { usePolled } from './use-polled';

export interface VehicleOption {
  id: string;
  name: string;
}

interface SessionCar {
  transaction_id: string;
  vehicle_id: string | null;
  vehicle_name: string | null;
  match: string | null;
  battery_level: number | null;
  battery_level_start: number | null;
  energy_charge_point_kwh: number | null;
  energy_vehicle_kwh: number | null;
  own_session: boolean;
}
interface CarState {
  default_vehicle_id: string | null;
  sessions: SessionCar[];
}
interface PlanSlot {
  start: string;
  end: string;
  energy_kwh: number;
  price_per_kwh: number | null;
  cost: number | null;
}
interface Plan {
  vehicle_id: string | null;
  target_battery_level: number;
  departure: string;
  strategy: 'cheapest' | 'greenest';
  computed_at: string | null;
  profile_status: string | null;
  battery_level?: number;
  energy_needed_kwh?: number;
  slots: PlanSlot[];
  expected_cost?: number | null;
  currency?: string | null;
  price_source?: string;
  reachable: boolean | null;
  earliest_completion?: string;
  problem?: string;
  note?: string;
}

const MATCH_KEYS = { default: 'matchDefault', auto: 'matchAuto', manual: 'matchManual' } as const;

/** `datetime-local` value (browser time) for an ISO instant. */
const localInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** The planned windows between now and departure as a bar: charging (with price) and waiting. */
function PlanTimeline({ plan }: { plan: Plan }) {
  // From when it was planned (the plan's "now") to departure.
  const from = Math.min(plan.computed_at ? Date.parse(plan.computed_at) : Date.parse(plan.departure), ...plan.slots.map((s) => Date.parse(s.start)));
  const to = Date.parse(plan.departure);
  const span = Math.max(1, to - from);
  const t = useTranslations('carPlan');
  return (
    <div className="flex flex-col gap-2">
      <div className="relative h-6 w-full overflow-hidden rounded bg-muted" role="img" aria-label={t('timeline')}>
        {plan.slots.map((s) => (
          <div
            key={s.start}
            className="absolute top-0 h-full bg-primary"
            style={{ left: `${((Date.parse(s.start) - from) / span) * 100}%`, width: `${Math.max(0.5, ((Date.parse(s.end) - Date.parse(s.start)) / span) * 100)}%` }}
            title={t('pricePerKwh', { price: s.price_per_kwh ?? '?' })}
          />
        ))}
      </div>
      <div className="flex justify-between text-xs text-muted-foreground">
        <span>{plan.computed_at ? t.rich('planned', { when: () => <DateTime value={plan.computed_at!} /> }) : t('now')}</span>
        <span>{t.rich('departure', { when: () => <DateTime value={plan.departure} /> })}</span>
      </div>
      {plan.slots.length > 0 && (
        <ul aria-label={t('slots')} className="text-sm">
          {plan.slots.map((s) => (
            <li key={s.start} className="flex flex-wrap gap-x-2 tabular-nums">
              <DateTime value={s.start} /> – <DateTime value={s.end} />
              <span>{t('slotEnergy', { energy: s.energy_kwh })}</span>
              <span>{s.price_per_kwh === null ? t('priceUnknown') : t('atPrice', { price: s.price_per_kwh })}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The car on the charger and its charging plan (polled every 10 s): on the
 * charge point page (owner, managers), and on My charging for a driver's own
 * session (`place` names the charge point). Only the session's own person
 * changes its car and plan; others see them.
 */
export function CarAndPlan({
  chargePointId,
  vehicles,
  place,
}: {
  chargePointId: string;
  vehicles: VehicleOption[];
  place?: string;
}) {
  const t = useTranslations('carPlan');
  const f = useFormats();
  const [car, reloadCar] = usePolled<CarState>(`/api/charge-points/${chargePointId}/vehicle`, { default_vehicle_id: null, sessions: [] }, 10_000);
  const [plan, setPlan] = React.useState<Plan | null>(null);
  const loadPlan = React.useCallback(async () => {
    const result = await callApi<Plan>('GET', `/api/charge-points/${chargePointId}/plan`);
    setPlan(result.ok ? result.data : null);
  }, [chargePointId]);
  React.useEffect(() => {
    const first = setTimeout(() => void loadPlan(), 0);
    const timer = setInterval(() => void loadPlan(), 10_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [loadPlan]);
  const pick = useApiAction();
  const save = useApiAction();
  const session = car.sessions[0];
  const names = new Map(vehicles.map((v) => [v.id, v.name]));

  async function choose(vehicleId: string | null, remember = false) {
    const body = remember ? { vehicle_id: vehicleId, default_vehicle_id: vehicleId } : { vehicle_id: vehicleId };
    const result = await pick.run(() => callApi('PUT', `/api/charge-points/${chargePointId}/vehicle`, body));
    if (result.ok) {
      reloadCar();
      void loadPlan();
    }
  }

  async function submitPlan(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const departure = String(form.get('departure') ?? '');
    const body = {
      vehicle_id: String(form.get('vehicle_id') ?? ''),
      target_battery_level: Number(form.get('target_battery_level')),
      departure: departure ? new Date(departure).toISOString() : '',
      strategy: String(form.get('strategy') ?? 'cheapest'),
    };
    const result = await save.run(() => callApi<Plan>('PUT', `/api/charge-points/${chargePointId}/plan`, body));
    if (result.ok) {
      setPlan(result.data);
      reloadCar();
    }
  }

  async function removePlan() {
    const result = await save.run(() => callApi('DELETE', `/api/charge-points/${chargePointId}/plan`));
    if (result.ok) setPlan(null);
  }

  return (
    <Card aria-label={t('title')}>
      <CardHeader>
        <CardTitle>
          <h2>{t('title')}</h2>
        </CardTitle>
        <CardDescription>
          {place && <span className="block font-medium text-foreground">{place}</span>}
          {t('help')}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        {!session ? (
          <p className="text-muted-foreground">{t('noSession')}</p>
        ) : (
          <section aria-label={t('carOnCharger')} className="flex flex-col gap-2">
            {session.vehicle_id ? (
              <p data-testid="matched-car">
                <span className="font-medium">{session.vehicle_name ?? names.get(session.vehicle_id) ?? t('yourCar')}</span>
                {session.battery_level !== null && <span className="tabular-nums">{t('battery', { level: session.battery_level })}</span>}
                <span className="text-muted-foreground">
                  {' · '}
                  {session.match && session.match in MATCH_KEYS ? t(MATCH_KEYS[session.match as keyof typeof MATCH_KEYS]) : session.match}
                </span>
              </p>
            ) : (
              <p data-testid="matched-car">
                {session.match === 'ambiguous'
                  ? t('ambiguous')
                  : session.match === 'declined'
                    ? t('declined')
                    : t('notFound')}
              </p>
            )}
            {session.energy_charge_point_kwh !== null && (
              <p className="text-muted-foreground tabular-nums">
                {t('energyMetered', { metered: f.fixed(session.energy_charge_point_kwh, 2) })}
                {session.energy_vehicle_kwh !== null && t('intoBattery', { energy: f.fixed(session.energy_vehicle_kwh, 2) })}
              </p>
            )}
            {session.own_session ? (
              <div className="flex flex-wrap gap-2">
                {vehicles
                  .filter((v) => v.id !== session.vehicle_id)
                  .map((v) => (
                    <Button key={v.id} size="sm" variant="outline" disabled={pick.pending} onClick={() => void choose(v.id)}>
                      {t('itIs', { name: v.name })}
                    </Button>
                  ))}
                {session.vehicle_id && (
                  <>
                    <Button size="sm" variant="outline" disabled={pick.pending} onClick={() => void choose(null)}>
                      {t('notThisCar')}
                    </Button>
                    {car.default_vehicle_id !== session.vehicle_id && (
                      <Button size="sm" variant="ghost" disabled={pick.pending} onClick={() => void choose(session.vehicle_id, true)}>
                        {t('alwaysThisCar')}
                      </Button>
                    )}
                  </>
                )}
              </div>
            ) : (
              <p className="text-muted-foreground">{t('othersSession')}</p>
            )}
            <FormError error={pick.error} />
          </section>
        )}

        {session && (
          <section aria-label={t('plan')} className="flex flex-col gap-3">
            {plan && (
              <div className="flex flex-col gap-2" data-testid="plan">
                <p>
                  {plan.problem ? (
                    plan.problem
                  ) : plan.reachable ? (
                    <Badge variant="secondary">{t('reaches', { level: plan.target_battery_level })}</Badge>
                  ) : (
                    <Badge variant="destructive">
                      {t.rich('cannotReach', {
                        level: plan.target_battery_level,
                        when: () => (plan.earliest_completion ? <DateTime value={plan.earliest_completion} /> : '—'),
                      })}
                    </Badge>
                  )}
                  {plan.expected_cost != null && (
                    <span className="ml-2 tabular-nums">
                      {t('expectedCost', { cost: f.fixed(plan.expected_cost, 2), currency: plan.currency ?? '' })}
                    </span>
                  )}
                </p>
                {plan.note && <p className="text-muted-foreground">{plan.note}</p>}
                {plan.price_source && <p className="text-xs text-muted-foreground">{t('prices', { source: plan.price_source })}</p>}
                <PlanTimeline plan={plan} />
              </div>
            )}
            {session.own_session && (
              <form aria-label={t('setPlan')} className="grid gap-3 sm:grid-cols-2" onSubmit={(e) => void submitPlan(e)} noValidate>
                <div className="grid gap-2">
                  <Label htmlFor="plan-vehicle">{t('car')}</Label>
                  <select
                    id="plan-vehicle"
                    name="vehicle_id"
                    key={plan?.vehicle_id ?? session.vehicle_id ?? ''}
                    defaultValue={plan?.vehicle_id ?? session.vehicle_id ?? vehicles[0]?.id}
                    className="h-9 rounded-md border border-input bg-transparent px-3 text-sm"
                  >
                    {vehicles.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.name}
                      </option>
                    ))}
                  </select>
                </div>
                <TextField
                  id="plan-target"
                  name="target_battery_level"
                  type="number"
                  min={1}
                  max={100}
                  label={t('target')}
                  key={`t-${plan?.target_battery_level ?? ''}`}
                  defaultValue={plan?.target_battery_level ?? 80}
                  error={save.error?.fieldErrors.target_battery_level}
                />
                <TextField
                  id="plan-departure"
                  name="departure"
                  type="datetime-local"
                  label={t('departureLabel')}
                  key={`d-${plan?.departure ?? ''}`}
                  defaultValue={plan ? localInput(plan.departure) : undefined}
                  error={save.error?.fieldErrors.departure}
                />
                <div className="grid gap-2">
                  <Label htmlFor="plan-strategy">{t('chargeIn')}</Label>
                  <select id="plan-strategy" name="strategy" key={`s-${plan?.strategy ?? ''}`} defaultValue={plan?.strategy ?? 'cheapest'} className="h-9 rounded-md border border-input bg-transparent px-3 text-sm">
                    <option value="cheapest">{t('cheapest')}</option>
                    <option value="greenest">{t('greenestForecast')}</option>
                  </select>
                </div>
                <div className="flex gap-2 sm:col-span-2">
                  <Button type="submit" disabled={save.pending || vehicles.length === 0}>
                    {t('savePlan')}
                  </Button>
                  {plan && (
                    <Button type="button" variant="outline" disabled={save.pending} onClick={() => void removePlan()}>
                      {t('removePlan')}
                    </Button>
                  )}
                </div>
                <div className="sm:col-span-2">
                  <FormError error={save.error} fields={['target_battery_level', 'departure']} />
                </div>
              </form>
            )}
          </section>
        )}
      </CardContent>
    </Card>
  );
}
