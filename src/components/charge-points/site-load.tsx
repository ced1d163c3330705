'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations('cpPanels');
  const [site] = usePolled<SiteWithAllocation>(`/api/sites/${initial.id}`, initial, 5_000, initial.max_current_a !== null);
  const sessions = site.allocation?.sessions ?? [];
  const total = sessions.reduce((sum, s) => sum + s.allocated_a, 0);
  return (
    <section aria-label={t('site', { name: site.name })} className="flex flex-col gap-2 rounded-md border p-3 text-sm">
      <div className="flex items-start justify-between gap-2">
        <h3 className="pt-2 font-medium wrap-anywhere">{site.name}</h3>
        {actions}
      </div>
      <p className="text-muted-foreground" data-testid="site-limit">
        {site.max_current_a === null
          ? t('noLimit', { phases: site.phases })
          : t('limit', { limit: site.max_current_a, phases: site.phases, min: site.min_current_per_session_a })}
      </p>
      {site.max_current_a !== null && (
        <>
          <p>
            {t.rich('allocated', {
              total: Math.round(total * 10) / 10,
              limit: site.max_current_a,
              n: (chunks) => <span className="font-medium tabular-nums">{chunks}</span>,
            })}
            {site.allocation?.computed_at && (
              <span className="text-xs text-muted-foreground">
                {' '}
                {t.rich('updated', { when: () => <DateTime value={site.allocation!.computed_at!} /> })}
              </span>
            )}
          </p>
          {sessions.length === 0 ? (
            <p className="text-muted-foreground">{t('noSessions')}</p>
          ) : (
            <Table aria-label={t('allocationOf', { name: site.name })}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t('chargePoint')}</TableHead>
                  <TableHead className="hidden sm:table-cell">{t('connector')}</TableHead>
                  <TableHead className="text-right">{t('allocatedCol')}</TableHead>
                  <TableHead className="hidden sm:table-cell">{t('profile')}</TableHead>
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
                        {s.allocated_a === 0 ? <Badge variant="outline">{t('queued')}</Badge> : `${s.allocated_a} A`}
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
