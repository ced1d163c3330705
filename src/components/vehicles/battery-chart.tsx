'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Battery level over the recorded samples. */
function BatteryChart({ samples }: { samples: { sampled_at: string; battery_level: number | null }[] }) {
  const points = samples.filter((s) => s.battery_level != null).map((s) => ({ at: Date.parse(s.sampled_at), level: s.battery_level }));
  if (points.length === 0) return <p className="text-sm text-muted-foreground">No battery readings in the last 48 hours.</p>;
  const last = points[points.length - 1];
  return (
    <div className="h-56 w-full" role="img" aria-label={`Battery level over the last 48 hours; now ${last.level} %`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" vertical={false} />
          <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(ms: number) => TIME.format(ms)} className="text-xs" />
          <YAxis domain={[0, 100]} unit="%" className="text-xs" />
          <Tooltip
            labelFormatter={(ms) => new Date(Number(ms)).toLocaleString()}
            contentStyle={{ background: 'var(--popover)', color: 'var(--popover-foreground)', borderRadius: 8 }}
          />
          <Line type="monotone" dataKey="level" name="Battery %" stroke="var(--primary)" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export { BatteryChart };
