'use client';

import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Counted calls a day this period; days without calls are shown as 0. */
function DailyCallsChart({ days }: { days: { date: string; calls: number }[] }) {
  const t = useTranslations('usage');
  return (
    <div className="h-56 w-full" role="img" aria-label={t('chartLabel', { days: days.map((d) => `${d.date} ${d.calls}`).join(', ') })}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(8)} tickLine={false} className="text-xs" />
          <YAxis allowDecimals={false} tickLine={false} className="text-xs" />
          <Tooltip
            cursor={{ className: 'fill-muted' }}
            contentStyle={{ background: 'var(--popover)', color: 'var(--popover-foreground)', borderRadius: 8 }}
          />
          <Bar dataKey="calls" name={t('calls')} fill="var(--primary)" radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export { DailyCallsChart };
