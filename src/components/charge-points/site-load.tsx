'use client';

import type * as React from 'react';

import { DateTime } from '@/components/date-time';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { SessionAllocation } from '@/server/chargers/load/allocation';
import { usePolled } from './use-polled';

export interface SiteSummary {
  id: string;
  name: string;
  max_current_a: number | null;
  phases: number;
  min_current_per_session_a: number;
}
interface SiteWithAllocation extends SiteSummary {
  allocation?: { computed_at: string | null; sessions: SessionAllocation[] };
}

/**
 * A site's limit and, for a load-balanced one, the live share of each charging session (polled every 5 s; a
 * site without a limit has no allocation, so it is not polled). Give it a key that changes with the limit so
 * an edit starts again from the saved site.
 */
function SiteLoad({ initial, chargePointNames, actions }: { initial: SiteSummary; chargePointNames: Record<string, string>; actions?: React.ReactNode }) {
  const [site] = usePolled<SiteWithAllocation>(`/api/sites/${initial.id}`, initial, 5_000, initial.max_current_a !== null);
  const sessions = site.allocation?.sessions ?? [];
  const total = sessions.reduce((sum, s) => sum + s.allocated_a, 0);
  return (
    <section aria-label={`Site ${site.name}`} className="flex flex-col gap-2 rounded-md border p-3 text-sm">
      <div className="flex items-start justify-between gap-2">
        <h3 className="pt-2 font-medium wrap-anywhere">{site.name}</h3>
        {actions}
      </div>
      <p className="text-muted-foreground" data-testid="site-limit">
        {site.max_current_a === null
          ? `No limit (no load balancing) · ${site.phases} phase${site.phases === 1 ? '' : 's'}`
          : `Limit ${site.max_current_a} A per phase · ${site.phases} phase${site.phases === 1 ? '' : 's'} · at least ${site.min_current_per_session_a} A per session`}
      </p>
      {site.max_current_a !== null && (
        <>
          <p>
            Allocated <span className="font-medium tabular-nums">{Math.round(total * 10) / 10} A</span> of {site.max_current_a} A
            {site.allocation?.computed_at && (
              <span className="text-xs text-muted-foreground">
                {' '}
                · updated <DateTime value={site.allocation.computed_at} />
              </span>
            )}
          </p>
          {sessions.length === 0 ? (
            <p className="text-muted-foreground">No charging sessions.</p>
          ) : (
            <Table aria-label={`Allocation of ${site.name}`}>
              <TableHeader>
                <TableRow>
                  <TableHead>Charge point</TableHead>
                  <TableHead className="hidden sm:table-cell">Connector</TableHead>
                  <TableHead className="text-right">Allocated</TableHead>
                  <TableHead className="hidden sm:table-cell">Profile</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {sessions.map((s) => {
                  const profile = <Badge variant={s.profile_status === 'Accepted' ? 'secondary' : 'destructive'}>{s.profile_status}</Badge>;
                  return (
                    <TableRow key={s.transaction_id}>
                      <TableCell className="font-medium whitespace-normal">
                        {chargePointNames[s.charge_point_id] ?? s.identity}
                        {/* Narrow screens: the hidden columns under the name. */}
                        <span className="sm:hidden">
                          {' '}
                          {s.evse_id}/{s.connector_id}
                          <span className="mt-1 block">{profile}</span>
                        </span>
                      </TableCell>
                      <TableCell className="hidden sm:table-cell">
                        {s.evse_id}/{s.connector_id}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">
                        {s.allocated_a === 0 ? <Badge variant="outline">Queued · 0 A</Badge> : `${s.allocated_a} A`}
                      </TableCell>
                      <TableCell className="hidden sm:table-cell">{profile}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </section>
  );
}

export { SiteLoad };
