import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AdminNav } from '@/components/admin/admin-nav';
import { DateTime } from '@/components/date-time';
import { PageHeading } from '@/components/site/page-heading';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { checkPriceMapping } from '@/server/billing/prices';
import { listStripeEvents } from '@/server/billing/webhooks';
import { billingEnabled } from '@/server/plans/limits';
import { requireAdmin } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('adminBilling.meta') };
}

export default async function AdminBillingPage() {
  await requireAdmin('/admin/billing');
  const tp = await getTranslations('pages');
  const t = await getTranslations('adminBilling');
  if (!billingEnabled()) {
    return (
      <>
        <PageHeading title={tp('adminBilling.title')} description={tp('adminBilling.off')} />
        <AdminNav current="/admin/billing" />
      </>
    );
  }
  const [mapping, events] = await Promise.all([checkPriceMapping().catch((error: Error) => error), listStripeEvents()]);

  return (
    <>
      <PageHeading title={tp('adminBilling.title')} description={tp('adminBilling.description')} />
      <AdminNav current="/admin/billing" />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('prices')}</h2>
          </CardTitle>
          {mapping instanceof Error && <CardDescription>{mapping.message}</CardDescription>}
        </CardHeader>
        {!(mapping instanceof Error) && (
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t('lookupKey')}</TableHead>
                  <TableHead>{t('stripePrice')}</TableHead>
                  <TableHead>{t('check')}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {mapping.products.map((p) => (
                  <TableRow key={p.lookup_key}>
                    <TableCell className="font-mono">{p.lookup_key}</TableCell>
                    <TableCell className="font-mono">{p.price?.id ?? '—'}</TableCell>
                    <TableCell>{p.ok ? <Badge variant="secondary">{t('ok')}</Badge> : <Badge variant="destructive">{p.problem}</Badge>}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        )}
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('events')}</h2>
          </CardTitle>
          <CardDescription>{t('eventsHelp')}</CardDescription>
        </CardHeader>
        <CardContent>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t('received')}</TableHead>
                <TableHead>{t('type')}</TableHead>
                <TableHead>{t('status')}</TableHead>
                <TableHead>{t('outcome')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>
                    <DateTime value={e.received_at} />
                  </TableCell>
                  <TableCell className="font-mono">{e.type}</TableCell>
                  <TableCell>{e.status}</TableCell>
                  <TableCell className="whitespace-normal">{e.outcome}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </>
  );
}
