'use client';

import { ZapIcon } from 'lucide-react';
import * as React from 'react';

import { usePolled } from '@/components/charge-points/use-polled';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

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

const kwh = (wh: number) => `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(wh / 1000)} kWh`;

function money({ currency, amount }: { currency: string; amount: number }): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    // A currency Intl does not know (stored before codes were checked): the number and the code.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

function Figure({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {detail && <dd className="text-xs break-words text-muted-foreground">{detail}</dd>}
    </div>
  );
}

const costText = (p: Period) => (p.cost.length === 0 ? 'no tariff set' : p.cost.map(money).join(' + '));

/** Energy and cost today and this month over all charge points, and the power drawn now (polled every 10 s). */
function EnergyTotalsCard() {
  // In the browser only: the server does not know the reader's time zone.
  const starts = React.useSyncExternalStore(noopSubscribe, localStarts, () => undefined);
  const [totals] = usePolled<Totals | null>(`/api/charge-points/totals?${starts}`, null, 10_000, starts !== undefined);
  return (
    <Card>
      <CardHeader>
        <ZapIcon className="size-6" aria-hidden="true" />
        <CardTitle>
          <h2>Charging</h2>
        </CardTitle>
        <CardDescription>Energy and cost over all your charge points; days and months in your time zone.</CardDescription>
      </CardHeader>
      <CardContent>
        {totals ? (
          <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <Figure label="Power now" testId="total-power" value={totals.power_w === null ? '–' : `${(totals.power_w / 1000).toFixed(1)} kW`} detail={totals.active_sessions === 1 ? '1 session running' : `${totals.active_sessions} sessions running`} />
            <Figure label="Today" testId="total-today" value={kwh(totals.today.energy_wh)} detail={costText(totals.today)} />
            <Figure label="This month" testId="total-month" value={kwh(totals.month.energy_wh)} detail={costText(totals.month)} />
          </dl>
        ) : (
          <p className="text-sm text-muted-foreground">Loading…</p>
        )}
      </CardContent>
    </Card>
  );
}

export { EnergyTotalsCard };
