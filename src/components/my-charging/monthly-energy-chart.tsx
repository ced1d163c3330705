'use client';

import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** The driver's energy a month over the last 12 months (kWh). */
export function MonthlyEnergyChart({ months }: { months: { month: string; energy_wh: number }[] }) {
  const t = useTranslations('myCharging');
  const data = months.map((m) => ({ month: m.month, kwh: Math.round(m.energy_wh / 100) / 10 }));
  return (
    <div className="h-56 w-full" role="img" aria-label={t('chartLabel', { months: data.map((d) => `${d.month} ${d.kwh} kWh`).join(', ') })}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" vertical={false} />
          <XAxis dataKey="month" tickFormatter={(m: string) => m.slice(5)} tickLine={false} className="text-xs" />
          <YAxis tickLine={false} className="text-xs" />
          <Tooltip
            cursor={{ className: 'fill-muted' }}
            contentStyle={{ background: 'var(--popover)', color: 'var(--popover-foreground)', borderRadius: 8 }}
          />
          <Bar dataKey="kwh" name="kWh" fill="var(--primary)" radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
