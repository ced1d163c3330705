import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AdminNav } from '@/components/admin/admin-nav';
import { DateTime } from '@/components/date-time';
import { PageHeading } from '@/components/site/page-heading';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { webhookHealth } from '@/server/enode/health';
import { requireAdmin } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('adminWebhooks.meta') };
}

/** Event types or outcomes with their counts ("user:vehicle:updated × 3"): Enode's own words, not translated. */
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([key, n]) => `${key} × ${n}`)
    .join(', ');

export default async function AdminWebhooksPage() {
  const tp = await getTranslations('pages');
  const t = await getTranslations('adminWebhooks');
  await requireAdmin('/admin/webhooks');
  const health = await webhookHealth();
  const sub = health.subscription;
  return (
    <>
      <PageHeading title={tp('adminWebhooks.title')} description={tp('adminWebhooks.description')} />
      <AdminNav current="/admin/webhooks" />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('subscription')}</h2>
          </CardTitle>
          <CardDescription>
            {health.configured ? t('checked') : t('off')}
          </CardDescription>
        </CardHeader>
        {health.configured && (
          <CardContent>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
              <dt className="text-muted-foreground">{t('state')}</dt>
              <dd data-testid="webhook-state">
                {health.stale ? <Badge variant="destructive">{t('stale')}</Badge> : <Badge variant="secondary">{t('healthy')}</Badge>}
              </dd>
              <dt className="text-muted-foreground">{t('lastSuccess')}</dt>
              <dd>{health.last_success_at ? <DateTime value={health.last_success_at} /> : t('never')}</dd>
              <dt className="text-muted-foreground">{t('lastCheck')}</dt>
              <dd>{sub ? t.rich('checkedAt', { outcome: sub.outcome, time: () => <DateTime value={sub.checked_at} /> }) : t('notYet')}</dd>
              <dt className="text-muted-foreground">{t('subscription')}</dt>
              <dd className="font-mono">{sub?.webhook_id ?? '—'} {sub?.is_active === false ? t('wasInactive') : ''}</dd>
              {sub?.error && (
                <>
                  <dt className="text-muted-foreground">{t('error')}</dt>
                  <dd>{sub.error}</dd>
                </>
              )}
            </dl>
          </CardContent>
        )}
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('recent')}</h2>
          </CardTitle>
          <CardDescription>{t('recentHelp')}</CardDescription>
        </CardHeader>
        <CardContent>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t('received')}</TableHead>
                <TableHead>{t('delivery')}</TableHead>
                <TableHead>{t('events')}</TableHead>
                <TableHead>{t('types')}</TableHead>
                <TableHead>{t('result')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {health.deliveries.length === 0 && (
                <TableRow>
                  <TableCell colSpan={5} className="text-muted-foreground">{t('noDeliveries')}</TableCell>
                </TableRow>
              )}
              {health.deliveries.map((d) => (
                <TableRow key={d.delivery_id}>
                  <TableCell><DateTime value={d.received_at} /></TableCell>
                  <TableCell className="font-mono text-xs">{d.delivery_id}{d.attempts > 1 ? ` ${t('attempts', { count: d.attempts })}` : ''}</TableCell>
                  <TableCell>{d.event_count}{d.duplicates > 0 ? ` ${t('duplicates', { count: d.duplicates })}` : ''}</TableCell>
                  <TableCell className="text-xs">{counts(d.event_types)}</TableCell>
                  <TableCell className="text-xs">
                    {d.status === 'failed' ? <Badge variant="destructive">{t('failed')}</Badge> : <Badge variant="secondary">{t('processed')}</Badge>}{' '}
                    {d.error ?? counts(d.outcomes)}
                    {d.processing_ms != null ? ` · ${d.processing_ms} ms` : ''}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </>
  );
}
