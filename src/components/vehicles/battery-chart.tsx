'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { BATTERY_WINDOW_HOURS, readings, TIME, type BatterySample } from './battery-span';

/** Battery level over the recorded samples. */
function BatteryChart({ samples, span }: { samples: BatterySample[]; span?: string }) {
  const points = readings(samples);
  if (points.length === 0) return <p className="text-sm text-muted-foreground">No battery readings in the last {BATTERY_WINDOW_HOURS} hours.</p>;
  const last = points[points.length - 1];
  return (
    <div className="h-56 w-full" role="img" aria-label={`Battery level${span ? ` ${span}` : ''}; now ${last.level} %`}>
      <ResponsiveContainer width="100%" height="100%">
        {/* Room above and left of the plot, so the top label ("100%") is drawn whole. */}
        <LineChart data={points} margin={{ top: 12, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" vertical={false} />
          <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(ms: number) => TIME.format(ms)} tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} unit="%" width={48} tick={{ fontSize: 12 }} />
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
