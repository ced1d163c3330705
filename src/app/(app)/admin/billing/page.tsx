import type { Metadata } from 'next';

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

export const metadata: Metadata = { title: 'Billing (admin)' };

export default async function AdminBillingPage() {
  await requireAdmin('/admin/billing');
  if (!billingEnabled()) {
    return (
      <>
        <PageHeading title="Billing" description="Billing is off: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to turn it on." />
        <AdminNav current="/admin/billing" />
      </>
    );
  }
  const [mapping, events] = await Promise.all([checkPriceMapping().catch((error: Error) => error), listStripeEvents()]);

  return (
    <>
      <PageHeading title="Billing" description="Stripe prices by lookup key, and the webhook events received." />
      <AdminNav current="/admin/billing" />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Prices</h2>
          </CardTitle>
          {mapping instanceof Error && <CardDescription>{mapping.message}</CardDescription>}
        </CardHeader>
        {!(mapping instanceof Error) && (
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Lookup key</TableHead>
                  <TableHead>Stripe price</TableHead>
                  <TableHead>Check</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {mapping.products.map((p) => (
                  <TableRow key={p.lookup_key}>
                    <TableCell className="font-mono">{p.lookup_key}</TableCell>
                    <TableCell className="font-mono">{p.price?.id ?? '—'}</TableCell>
                    <TableCell>{p.ok ? <Badge variant="secondary">OK</Badge> : <Badge variant="destructive">{p.problem}</Badge>}</TableCell>
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
            <h2>Webhook events</h2>
          </CardTitle>
          <CardDescription>The newest 100; a failed event is processed again when Stripe redelivers it.</CardDescription>
        </CardHeader>
        <CardContent>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Received</TableHead>
                <TableHead>Type</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Outcome</TableHead>
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
