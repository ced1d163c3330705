import { DateTime } from '@/components/date-time';
import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { HistoryEntry } from '@/server/notifications/view';

const STATUS_VARIANT = { sent: 'default', queued: 'secondary', sending: 'secondary', skipped: 'outline', failed: 'destructive', no_credits: 'destructive' } as const;

/** The newest deliveries with what became of each (the page refreshes it after a save or a test). */
function NotificationHistory({ initial }: { initial: HistoryEntry[] }) {
  const t = useTranslations('notifications');
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('sentToYou')}</h2>
        </CardTitle>
        <CardDescription>{t('historyHelp')}</CardDescription>
      </CardHeader>
      <CardContent>
        {initial.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('nothing')}</p>
        ) : (
          <Table aria-label={t('history')}>
            <TableHeader>
              <TableRow>
                <TableHead>{t('when')}</TableHead>
                <TableHead>{t('what')}</TableHead>
                <TableHead>{t('channel')}</TableHead>
                <TableHead>{t('status')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {initial.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>
                    <DateTime value={d.created_at} />
                  </TableCell>
                  <TableCell>
                    {d.title}
                    {d.last_error && <div className="text-xs text-muted-foreground">{d.last_error}</div>}
                  </TableCell>
                  <TableCell>{d.channel}</TableCell>
                  <TableCell>
                    <Badge variant={STATUS_VARIANT[d.status]}>{d.status}</Badge>
                    {d.next_attempt_at && (
                      <div className="text-xs text-muted-foreground">
                        {t.rich('nextTry', { time: () => <DateTime value={d.next_attempt_at!} /> })}
                      </div>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

export { NotificationHistory };
