import type { Metadata } from 'next';
import { CircleAlertIcon, InfoIcon } from 'lucide-react';

import { BillingButton } from '@/components/billing/billing-button';
import { BillingSummary } from '@/components/billing/billing-summary';
import { PageHeading } from '@/components/site/page-heading';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatDay } from '@/lib/dates';
import { INTERVALS, PAID_TIERS, TOKEN_PACKS } from '@/server/billing/catalog';
import { getBillingOverview, listInvoices, type Invoice } from '@/server/billing/overview';
import { LIVE_STATUSES } from '@/server/billing/subscriptions';
import { now } from '@/server/clock';
import { getUsageSummary } from '@/server/usage/summary';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Billing' };

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

export default async function BillingPage() {
  const user = await requireSignedIn('/billing');
  const [billing, usage] = await Promise.all([getBillingOverview(user), getUsageSummary(user)]);
  // null: Stripe did not answer (the rest of the page still shows).
  const invoices: Invoice[] | null = billing.billing_enabled ? await listInvoices(user).catch(() => null) : [];
  const subscribed = billing.subscription !== null && LIVE_STATUSES.includes(billing.subscription.status);
  const trialEnds = billing.trial.ends_at;

  return (
    <>
      <PageHeading title="Billing" description="Your plan, API tokens and invoices." />
      {!billing.billing_enabled && (
        <Alert data-testid="billing-off">
          <InfoIcon aria-hidden="true" />
          <AlertTitle>Billing is off on this installation</AlertTitle>
          <AlertDescription>Nothing to pay here: every account gets the {billing.tier} plan or better.</AlertDescription>
        </Alert>
      )}
      {billing.notices.map((notice) => (
        <Alert key={notice.created_at + notice.kind} variant={notice.kind === 'payment_failed' ? 'destructive' : 'default'}>
          <CircleAlertIcon aria-hidden="true" />
          <AlertTitle>{notice.kind === 'payment_failed' ? 'Payment failed' : 'Trial ending'}</AlertTitle>
          <AlertDescription>{notice.message}</AlertDescription>
        </Alert>
      ))}
      <BillingSummary billing={billing} usage={usage} />
      {billing.billing_enabled && (
        <div className="grid gap-6 md:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>{subscribed ? 'Your subscription' : 'Upgrade'}</h2>
              </CardTitle>
              <CardDescription>
                {subscribed
                  ? 'Change plan, switch between monthly and yearly, update your card or cancel in the Stripe customer portal.'
                  : 'Basic and Pro raise your monthly allowance and add charging control and real-time pushes.'}
              </CardDescription>
            </CardHeader>
            <CardContent className="flex flex-wrap gap-3">
              {subscribed ? (
                <BillingButton path="/api/billing/portal" label="Change plan or cancel" />
              ) : (
                PAID_TIERS.flatMap((plan) =>
                  INTERVALS.map((interval) => (
                    <BillingButton
                      key={`${plan}-${interval}`}
                      path="/api/billing/checkout"
                      body={{ plan, interval }}
                      label={`${plan === 'pro' ? 'Pro' : 'Basic'}, ${interval === 'month' ? 'monthly' : 'yearly'}`}
                      variant={plan === 'pro' ? 'default' : 'outline'}
                    />
                  )),
                )
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>API tokens</h2>
              </CardTitle>
              <CardDescription>One-time packs for months with more calls than your plan allows. Tokens do not expire.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-wrap gap-3">
              {TOKEN_PACKS.map((tokens) => (
                <BillingButton
                  key={tokens}
                  path="/api/billing/checkout"
                  body={{ token_pack: tokens }}
                  label={`Buy ${tokens.toLocaleString('en-GB')} tokens`}
                  variant="outline"
                />
              ))}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>Pro trial</h2>
              </CardTitle>
              <CardDescription data-testid="trial-status">
                {trialEnds
                  ? `Your Pro trial ${new Date(trialEnds) > now() ? 'ends' : 'ended'} on ${formatDay(trialEnds)}.`
                  : billing.trial.available
                    ? 'Try everything in Pro for 30 days, once, without a card.'
                    : 'This account has used its trial.'}
              </CardDescription>
            </CardHeader>
            {billing.trial.available && (
              <CardContent>
                <BillingButton path="/api/billing/trial" label="Start 30-day Pro trial" pendingLabel="Starting…" variant="secondary" />
              </CardContent>
            )}
          </Card>
          {billing.has_customer && !subscribed && (
            <Card>
              <CardHeader>
                <CardTitle>
                  <h2>Payment details</h2>
                </CardTitle>
                <CardDescription>Cards, billing address and past receipts in the Stripe customer portal.</CardDescription>
              </CardHeader>
              <CardContent>
                <BillingButton path="/api/billing/portal" label="Manage in portal" variant="outline" />
              </CardContent>
            </Card>
          )}
        </div>
      )}
      {billing.billing_enabled && (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Invoices</h2>
            </CardTitle>
            {invoices === null && <CardDescription>Stripe did not answer; the invoices could not be loaded.</CardDescription>}
          </CardHeader>
          <CardContent>
            {invoices === null ? null : invoices.length === 0 ? (
              <p className="text-sm text-muted-foreground">No invoices yet.</p>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Number</TableHead>
                    <TableHead>Date</TableHead>
                    <TableHead>Amount</TableHead>
                    <TableHead>Status</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {invoices.map((invoice) => (
                    <TableRow key={invoice.id}>
                      <TableCell>
                        {invoice.url ? <TextLink href={invoice.url}>{invoice.number ?? invoice.id}</TextLink> : (invoice.number ?? invoice.id)}
                      </TableCell>
                      <TableCell>{formatDay(invoice.created)}</TableCell>
                      <TableCell>{money(invoice.amount, invoice.currency)}</TableCell>
                      <TableCell className="capitalize">{invoice.status}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      )}
    </>
  );
}
