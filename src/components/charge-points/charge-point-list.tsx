'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { DateTime } from '@/components/date-time';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ChargePointListItem } from '@/server/chargers/charge-point-list';
import { ConnectionBadge, StateBadge } from '@/components/state-badge';
import { useFormats } from '@/i18n/formats';
import { ConnectorStatus } from './connector-status';
import { usePolled } from './use-polled';

const connectorBadges = (cp: ChargePointListItem, none: string) =>
  cp.connectors.length === 0 ? (
    <span className="text-xs text-muted-foreground">{none}</span>
  ) : (
    cp.connectors.map((c) => <ConnectorStatus key={`${c.evse_id}/${c.connector_id}`} label={`${c.evse_id}/${c.connector_id}`} status={c.status} />)
  );

/** The user's charge points with their live state: connection, connector statuses, running sessions and power (polled every 10 s). */
function ChargePointList({ initial }: { initial: ChargePointListItem[] }) {
  const [data] = usePolled('/api/charge-points', { charge_points: initial });
  const t = useTranslations('chargePoints');
  const tc = useTranslations('common');
  const f = useFormats();
  const kw = (w: number | null) => (w === null ? '–' : f.powerW(w));
  if (data.charge_points.length === 0) return <p className="text-sm text-muted-foreground">{t('none')}</p>;
  return (
    <Table aria-label={t('table')}>
      <TableHeader>
        <TableRow>
          <TableHead>{t('colChargePoint')}</TableHead>
          <TableHead>{t('colState')}</TableHead>
          <TableHead className="hidden sm:table-cell">{t('colConnectors')}</TableHead>
          <TableHead className="hidden text-right sm:table-cell">{t('colPower')}</TableHead>
          <TableHead className="hidden md:table-cell">{t('colLastSeen')}</TableHead>
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
                {connectorBadges(cp, t('noConnectors'))}
                {cp.active_sessions > 0 && <span className="tabular-nums">{kw(cp.power_w)}</span>}
              </div>
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1">
                <ConnectionBadge connected={cp.connected} />
                {cp.active_sessions > 0 && (
                  <StateBadge tone="charging" data-testid="session-active">
                    {t('sessions', { count: cp.active_sessions })}
                  </StateBadge>
                )}
              </div>
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              <div className="flex flex-wrap gap-1">{connectorBadges(cp, t('noConnectors'))}</div>
            </TableCell>
            <TableCell className="hidden text-right tabular-nums sm:table-cell" data-testid="charge-point-power">
              {cp.active_sessions > 0 ? kw(cp.power_w) : '–'}
            </TableCell>
            <TableCell className="hidden text-xs md:table-cell">{cp.last_seen_at ? <DateTime value={cp.last_seen_at} /> : tc('never')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export { ChargePointList };
