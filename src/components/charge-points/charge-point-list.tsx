'use client';

import Link from 'next/link';

import { DateTime } from '@/components/date-time';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ChargePointListItem } from '@/server/chargers/charge-point-list';
import { ConnectionBadge, StateBadge } from '@/components/state-badge';
import { ConnectorStatus } from './connector-status';
import { usePolled } from './use-polled';

const kw = (w: number | null) => (w === null ? '–' : `${(w / 1000).toFixed(1)} kW`);

const connectorBadges = (cp: ChargePointListItem) =>
  cp.connectors.length === 0 ? (
    <span className="text-xs text-muted-foreground">No connectors reported</span>
  ) : (
    cp.connectors.map((c) => <ConnectorStatus key={`${c.evse_id}/${c.connector_id}`} label={`${c.evse_id}/${c.connector_id}`} status={c.status} />)
  );

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
          <TableHead className="hidden sm:table-cell">Connectors</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Power</TableHead>
          <TableHead className="hidden md:table-cell">Last seen</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {data.charge_points.map((cp) => (
          <TableRow key={cp.id}>
            <TableCell wrap>
              <Link href={`/charge-points/${cp.id}`} className="font-medium underline-offset-4 hover:underline">
                {cp.name}
              </Link>
              <div className="font-mono text-xs break-all text-muted-foreground">{cp.identity}</div>
              {/* Narrow screens: connectors and power under the name. */}
              <div className="mt-1 flex flex-wrap items-center gap-1 text-xs sm:hidden">
                {connectorBadges(cp)}
                {cp.active_sessions > 0 && <span className="tabular-nums">{kw(cp.power_w)}</span>}
              </div>
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1">
                <ConnectionBadge connected={cp.connected} />
                {cp.active_sessions > 0 && (
                  <StateBadge tone="charging" data-testid="session-active">
                    {cp.active_sessions === 1 ? 'Session active' : `${cp.active_sessions} sessions`}
                  </StateBadge>
                )}
              </div>
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              <div className="flex flex-wrap gap-1">{connectorBadges(cp)}</div>
            </TableCell>
            <TableCell className="hidden text-right tabular-nums sm:table-cell" data-testid="charge-point-power">
              {cp.active_sessions > 0 ? kw(cp.power_w) : '–'}
            </TableCell>
            <TableCell className="hidden text-xs md:table-cell">{cp.last_seen_at ? <DateTime value={cp.last_seen_at} /> : 'Never'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export { ChargePointList };
