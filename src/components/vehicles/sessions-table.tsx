import { DateTime } from '@/components/date-time';
import { Duration } from '@/components/duration';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { presentSession } from '@/server/vehicles/history';

export type Session = ReturnType<typeof presentSession>;

function SessionsTable({ sessions }: { sessions: Session[] }) {
  if (sessions.length === 0) return <p className="text-sm text-muted-foreground">No charging sessions recorded yet.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Started</TableHead>
          <TableHead>Duration</TableHead>
          <TableHead>Battery</TableHead>
          <TableHead>Energy</TableHead>
          <TableHead>Cost</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {sessions.map((s) => (
          <TableRow key={s.id}>
            <TableCell>
              <DateTime value={s.start_time} />
            </TableCell>
            <TableCell>
              <Duration from={s.start_time} to={s.end_time} />
              {!s.end_time && <span className="text-muted-foreground"> · charging</span>}
            </TableCell>
            <TableCell>
              {s.battery_level_start ?? '—'} → {s.battery_level_end ?? '—'} %
            </TableCell>
            <TableCell>{s.energy_added_kwh == null ? '—' : `${s.energy_added_kwh.toFixed(1)} kWh`}</TableCell>
            <TableCell>{s.total_cost == null ? '—' : `${s.total_cost.toFixed(2)} ${s.currency ?? ''}`}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export { SessionsTable };
