'use client';

import { useTranslations } from 'next-intl';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { usePolled } from './use-polled';

interface Sample {
  sampled_at: string;
  measurand: string;
  phase: string | null;
  value: number;
}
interface SessionDetail {
  meter_start_wh: number | null;
  meter_values: Sample[];
}

/** Whole-meter power (kW) and energy charged so far (kWh) per sample time. */
function points(detail: SessionDetail) {
  const byTime = new Map<string, { time: string; kW?: number; kWh?: number }>();
  let first: number | undefined;
  for (const s of detail.meter_values) {
    if (s.phase) continue;
    const point = byTime.get(s.sampled_at) ?? { time: s.sampled_at.slice(11, 16) };
    if (s.measurand === 'Power.Active.Import') point.kW = Number((s.value / 1000).toFixed(2));
    if (s.measurand === 'Energy.Active.Import.Register') {
      first ??= detail.meter_start_wh ?? s.value;
      point.kWh = Number(((s.value - first) / 1000).toFixed(3));
    }
    byTime.set(s.sampled_at, point);
  }
  return [...byTime.values()];
}

/** The power and energy curve of one session (polled every 10 s while it runs). */
function SessionChart({ chargePointId, transactionId }: { chargePointId: string; transactionId: string }) {
  const t = useTranslations('cpPanels');
  const [detail] = usePolled<SessionDetail>(`/api/charge-points/${chargePointId}/transactions/${transactionId}`, { meter_start_wh: null, meter_values: [] });
  const data = points(detail);
  if (data.length === 0) return <p className="text-sm text-muted-foreground">{t('noMeterValues')}</p>;
  return (
    <div className="h-48" aria-label={t('chartLabel')}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="time" fontSize={10} />
          <YAxis yAxisId="kW" fontSize={10} unit=" kW" />
          <YAxis yAxisId="kWh" orientation="right" fontSize={10} unit=" kWh" />
          <Tooltip />
          <Legend />
          <Line yAxisId="kW" type="monotone" dataKey="kW" stroke="var(--color-primary)" dot={false} connectNulls />
          <Line yAxisId="kWh" type="monotone" dataKey="kWh" stroke="var(--color-muted-foreground)" dot={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export { SessionChart };
