'use client';

import Link from 'next/link';

import { DateTime } from '@/components/date-time';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ChargePointListItem } from '@/server/chargers/charge-point-list';
import { ConnectorStatus } from './connector-status';
import { usePolled } from './use-polled';

const kw = (w: number | null) => (w === null ? '–' : `${(w / 1000).toFixed(1)} kW`);

/** The user's charge points with their live state: connection, connector statuses, running sessions and power (polled every 10 s). */
function ChargePointList({ initial }: { initial: ChargePointListItem[] }) {
  const [data] = usePolled('/api/charge-points', { charge_points: initial });
  if (data.charge_points.length === 0) return <p className="text-sm text-muted-foreground">No charge points yet.</p>;
  return (
    <Table aria-label="Charge points">
      <TableHeader>
        <TableRow>
          <TableHead>Charge point</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Connectors</TableHead>
          <TableHead className="text-right">Power</TableHead>
          <TableHead>Last seen</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {data.charge_points.map((cp) => (
          <TableRow key={cp.id}>
            <TableCell>
              <Link href={`/charge-points/${cp.id}`} className="font-medium underline-offset-4 hover:underline">
                {cp.name}
              </Link>
              <div className="font-mono text-xs text-muted-foreground">{cp.identity}</div>
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1">
                <Badge variant={cp.connected ? 'default' : 'outline'}>{cp.connected ? 'Online' : 'Offline'}</Badge>
                {cp.active_sessions > 0 && (
                  <Badge variant="secondary" data-testid="session-active">
                    {cp.active_sessions === 1 ? 'Session active' : `${cp.active_sessions} sessions`}
                  </Badge>
                )}
              </div>
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1" aria-label={`Connectors of ${cp.name}`}>
                {cp.connectors.length === 0 && <span className="text-xs text-muted-foreground">Not reported</span>}
                {cp.connectors.map((c) => (
                  <ConnectorStatus key={`${c.evse_id}/${c.connector_id}`} label={`${c.evse_id}/${c.connector_id}`} status={c.status} />
                ))}
              </div>
            </TableCell>
            <TableCell className="text-right tabular-nums" data-testid="charge-point-power">
              {cp.active_sessions > 0 ? kw(cp.power_w) : '–'}
            </TableCell>
            <TableCell className="text-xs">{cp.last_seen_at ? <DateTime value={cp.last_seen_at} /> : 'Never'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export { ChargePointList };
