'use client';

import { ZapIcon } from 'lucide-react';
import * as React from 'react';
import { useTranslations } from 'next-intl';

import { usePolled } from '@/components/charge-points/use-polled';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useFormats } from '@/i18n/formats';

interface Period {
  energy_wh: number;
  cost: { currency: string; amount: number }[];
}
interface Totals {
  today: Period;
  month: Period;
  power_w: number | null;
  active_sessions: number;
}

/** The reader's own midnights (today, the first of the month) as instants: "today" in the browser's time zone. */
function localStarts(): string {
  const d = new Date();
  const day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const month = new Date(d.getFullYear(), d.getMonth(), 1);
  return `day_start=${encodeURIComponent(day.toISOString())}&month_start=${encodeURIComponent(month.toISOString())}`;
}

const noopSubscribe = () => () => {};


function Figure({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {detail && <dd className="text-xs break-words text-muted-foreground">{detail}</dd>}
    </div>
  );
}


/** Energy and cost today and this month over all charge points, and the power drawn now (polled every 10 s). */
function EnergyTotalsCard() {
  // In the browser only: the server does not know the reader's time zone.
  const starts = React.useSyncExternalStore(noopSubscribe, localStarts, () => undefined);
  const [totals] = usePolled<Totals | null>(`/api/charge-points/totals?${starts}`, null, 10_000, starts !== undefined);
  const t = useTranslations('dashboard');
  const tc = useTranslations('common');
  const f = useFormats();
  const costText = (p: Period) => (p.cost.length === 0 ? t('noTariff') : p.cost.map((c) => f.money(c.amount, c.currency)).join(' + '));
  return (
    <Card>
      <CardHeader>
        <ZapIcon className="size-6" aria-hidden="true" />
        <CardTitle>
          <h2>{t('charging')}</h2>
        </CardTitle>
        <CardDescription>{t('chargingHelp')}</CardDescription>
      </CardHeader>
      <CardContent>
        {totals ? (
          <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <Figure label={t('powerNow')} testId="total-power" value={totals.power_w === null ? '–' : f.powerW(totals.power_w)} detail={t('sessionsRunning', { count: totals.active_sessions })} />
            <Figure label={t('today')} testId="total-today" value={f.energyWh(totals.today.energy_wh)} detail={costText(totals.today)} />
            <Figure label={t('thisMonth')} testId="total-month" value={f.energyWh(totals.month.energy_wh)} detail={costText(totals.month)} />
          </dl>
        ) : (
          <p className="text-sm text-muted-foreground">{tc('loading')}</p>
        )}
      </CardContent>
    </Card>
  );
}

export { EnergyTotalsCard };
