import { useTranslations } from 'next-intl';

import { DateTime } from '@/components/date-time';
import { Duration } from '@/components/duration';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useFormats } from '@/i18n/formats';
import type { presentSession } from '@/server/vehicles/history';

export type Session = ReturnType<typeof presentSession>;

function SessionsTable({ sessions }: { sessions: Session[] }) {
  const t = useTranslations('vehicleDetail');
  const f = useFormats();
  if (sessions.length === 0) return <p className="text-sm text-muted-foreground">{t('noSessions')}</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{t('started')}</TableHead>
          <TableHead>{t('duration')}</TableHead>
          <TableHead>{t('battery')}</TableHead>
          <TableHead>{t('energy')}</TableHead>
          <TableHead>{t('cost')}</TableHead>
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
              {!s.end_time && <span className="text-muted-foreground">{t('charging')}</span>}
            </TableCell>
            <TableCell>
              {t('batteryRange', { from: s.battery_level_start ?? '—', to: s.battery_level_end ?? '—' })}
            </TableCell>
            <TableCell>{s.energy_added_kwh == null ? '—' : f.energyKwh(s.energy_added_kwh, 1)}</TableCell>
            <TableCell>{s.total_cost == null ? '—' : `${f.fixed(s.total_cost, 2)} ${s.currency ?? ''}`}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export { SessionsTable };
