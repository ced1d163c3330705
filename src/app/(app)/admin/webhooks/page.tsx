import type { Metadata } from 'next';

import { AdminNav } from '@/components/admin/admin-nav';
import { DateTime } from '@/components/date-time';
import { PageHeading } from '@/components/site/page-heading';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { webhookHealth } from '@/server/enode/health';
import { requireAdmin } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Enode webhooks (admin)' };

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([key, n]) => `${key} × ${n}`)
    .join(', ');

export default async function AdminWebhooksPage() {
  await requireAdmin('/admin/webhooks');
  const health = await webhookHealth();
  const sub = health.subscription;
  return (
    <>
      <PageHeading title="Enode webhooks" description="The webhook subscription at Enode and the deliveries received." />
      <AdminNav current="/admin/webhooks" />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Subscription</h2>
          </CardTitle>
          <CardDescription>
            {health.configured
              ? 'Checked at start and every 30 minutes; stale when nothing was delivered successfully for 2 hours.'
              : 'Webhooks are off: set ENODE_WEBHOOK_SECRET (with Enode credentials and a public https APP_URL).'}
          </CardDescription>
        </CardHeader>
        {health.configured && (
          <CardContent>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
              <dt className="text-muted-foreground">State</dt>
              <dd data-testid="webhook-state">
                {health.stale ? <Badge variant="destructive">Stale</Badge> : <Badge variant="secondary">Healthy</Badge>}
              </dd>
              <dt className="text-muted-foreground">Last success</dt>
              <dd>{health.last_success_at ? <DateTime value={health.last_success_at} /> : 'never'}</dd>
              <dt className="text-muted-foreground">Last check</dt>
              <dd>{sub ? <>{sub.outcome} at <DateTime value={sub.checked_at} /></> : 'not yet'}</dd>
              <dt className="text-muted-foreground">Subscription</dt>
              <dd className="font-mono">{sub?.webhook_id ?? '—'} {sub?.is_active === false ? '(was inactive)' : ''}</dd>
              {sub?.error && (
                <>
                  <dt className="text-muted-foreground">Error</dt>
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
            <h2>Recent deliveries</h2>
          </CardTitle>
          <CardDescription>The newest 50; a failed delivery is rolled back and processed again when Enode redelivers it.</CardDescription>
        </CardHeader>
        <CardContent>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Received</TableHead>
                <TableHead>Delivery</TableHead>
                <TableHead>Events</TableHead>
                <TableHead>Types</TableHead>
                <TableHead>Result</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {health.deliveries.length === 0 && (
                <TableRow>
                  <TableCell colSpan={5} className="text-muted-foreground">No deliveries yet.</TableCell>
                </TableRow>
              )}
              {health.deliveries.map((d) => (
                <TableRow key={d.delivery_id}>
                  <TableCell><DateTime value={d.received_at} /></TableCell>
                  <TableCell className="font-mono text-xs">{d.delivery_id}{d.attempts > 1 ? ` (${d.attempts} attempts)` : ''}</TableCell>
                  <TableCell>{d.event_count}{d.duplicates > 0 ? ` (${d.duplicates} duplicate)` : ''}</TableCell>
                  <TableCell className="text-xs">{counts(d.event_types)}</TableCell>
                  <TableCell className="text-xs">
                    {d.status === 'failed' ? <Badge variant="destructive">failed</Badge> : <Badge variant="secondary">processed</Badge>}{' '}
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
