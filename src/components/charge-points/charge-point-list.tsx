'use client';

import Link from 'next/link';

import { DateTime } from '@/components/date-time';
import type { ChargePointSummary } from '@/components/dashboard/charge-points-card';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { usePolled } from './use-polled';

/** The user's charge points with their live connection state (polled every 10 s). */
function ChargePointList({ initial }: { initial: ChargePointSummary[] }) {
  const [data] = usePolled('/api/charge-points', { charge_points: initial });
  if (data.charge_points.length === 0) return <p className="text-sm text-muted-foreground">No charge points yet.</p>;
  return (
    <Table aria-label="Charge points">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>ID</TableHead>
          <TableHead>State</TableHead>
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
            </TableCell>
            <TableCell className="font-mono text-xs">{cp.identity}</TableCell>
            <TableCell>
              <Badge variant={cp.connected ? 'default' : 'outline'}>{cp.connected ? 'Online' : 'Offline'}</Badge>
            </TableCell>
            <TableCell className="text-xs">{cp.last_seen_at ? <DateTime value={cp.last_seen_at} /> : 'Never'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export { ChargePointList };
