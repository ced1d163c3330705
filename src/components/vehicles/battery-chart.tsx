'use client';

import { useLocale, useTranslations } from 'next-intl';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { BATTERY_WINDOW_HOURS, readings, timeOfDay, type BatterySample } from './battery-span';

/** Battery level over the recorded samples. */
function BatteryChart({ samples, span }: { samples: BatterySample[]; span?: string }) {
  const t = useTranslations('vehicleDetail');
  const locale = useLocale();
  const points = readings(samples);
  if (points.length === 0) return <p className="text-sm text-muted-foreground">{t('noReadings', { hours: BATTERY_WINDOW_HOURS })}</p>;
  const last = points[points.length - 1];
  return (
    <div className="h-56 w-full" role="img" aria-label={t('chartLabel', { span: span ? ` ${span}` : '', level: String(last.level) })}>
      <ResponsiveContainer width="100%" height="100%">
        {/* Room above and left of the plot, so the top label ("100%") is drawn whole. */}
        <LineChart data={points} margin={{ top: 12, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" vertical={false} />
          <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(ms: number) => timeOfDay(locale).format(ms)} tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} unit="%" width={48} tick={{ fontSize: 12 }} />
          <Tooltip
            labelFormatter={(ms) => new Date(Number(ms)).toLocaleString(locale)}
            contentStyle={{ background: 'var(--popover)', color: 'var(--popover-foreground)', borderRadius: 8 }}
          />
          <Line type="monotone" dataKey="level" name={t('seriesName')} stroke="var(--primary)" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export { BatteryChart };
