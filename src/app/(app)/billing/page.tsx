import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CircleAlertIcon, InfoIcon } from 'lucide-react';

import { BillingButton } from '@/components/billing/billing-button';
import { BillingSummary } from '@/components/billing/billing-summary';
import { SmsCreditsCard } from '@/components/billing/sms-credits-card';
import { PageHeading } from '@/components/site/page-heading';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { getFormatter } from 'next-intl/server';
import { formatsFor } from '@/i18n/formats';
import { INTERVALS, PAID_TIERS, TOKEN_PACKS } from '@/server/billing/catalog';
import { getBillingOverview, listInvoices, type Invoice } from '@/server/billing/overview';
import { LIVE_STATUSES } from '@/server/billing/subscriptions';
import { now } from '@/server/clock';
import { smsAvailable } from '@/server/notifications/channels/sms';
import { getUsageSummary } from '@/server/usage/summary';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('billing.title') };
}


export default async function BillingPage() {
  const tp = await getTranslations('pages');
  const { day: formatDay, money, number } = formatsFor(await getFormatter());
  const t = await getTranslations('billingPage');
  const user = await requireSignedIn('/billing');
  const [billing, usage] = await Promise.all([getBillingOverview(user), getUsageSummary(user)]);
  // null: Stripe did not answer (the rest of the page still shows).
  const invoices: Invoice[] | null = billing.billing_enabled ? await listInvoices(user).catch(() => null) : [];
  const subscribed = billing.subscription !== null && LIVE_STATUSES.includes(billing.subscription.status);
  const trialEnds = billing.trial.ends_at;

  return (
    <>
      <PageHeading title={tp('billing.title')} description={tp('billing.description')} />
      {!billing.billing_enabled && (
        <Alert data-testid="billing-off">
          <InfoIcon aria-hidden="true" />
          <AlertTitle>{t('offTitle')}</AlertTitle>
          <AlertDescription>{t('offBody', { tier: billing.tier })}</AlertDescription>
        </Alert>
      )}
      {billing.notices.map((notice) => (
        <Alert key={notice.created_at + notice.kind} variant={notice.kind === 'payment_failed' ? 'destructive' : 'default'}>
          <CircleAlertIcon aria-hidden="true" />
          <AlertTitle>{notice.kind === 'payment_failed' ? t('paymentFailed') : t('trialEnding')}</AlertTitle>
          <AlertDescription>{notice.message}</AlertDescription>
        </Alert>
      ))}
      <BillingSummary billing={billing} usage={usage} />
      {billing.billing_enabled && (
        <div className="grid gap-6 md:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>{subscribed ? t('yourSubscription') : t('upgrade')}</h2>
              </CardTitle>
              <CardDescription>
                {subscribed ? t('subscribedHelp') : t('upgradeHelp')}
              </CardDescription>
            </CardHeader>
            <CardContent className="flex flex-wrap gap-3">
              {subscribed ? (
                <BillingButton path="/api/billing/portal" label={t('changeOrCancel')} />
              ) : (
                PAID_TIERS.flatMap((plan) =>
                  INTERVALS.map((interval) => (
                    <BillingButton
                      key={`${plan}-${interval}`}
                      path="/api/billing/checkout"
                      body={{ plan, interval }}
                      label={t('planButton', { plan: plan === 'pro' ? 'Pro' : 'Basic', interval })}
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
                <h2>{t('apiTokens')}</h2>
              </CardTitle>
              <CardDescription>{t('tokensHelp')}</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-wrap gap-3">
              {TOKEN_PACKS.map((tokens) => (
                <BillingButton
                  key={tokens}
                  path="/api/billing/checkout"
                  body={{ token_pack: tokens }}
                  label={t('buyTokens', { count: number(tokens) })}
                  variant="outline"
                />
              ))}
            </CardContent>
          </Card>
          {smsAvailable() && <SmsCreditsCard credits={billing.sms_credits} />}
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>{t('proTrial')}</h2>
              </CardTitle>
              <CardDescription data-testid="trial-status">
                {trialEnds
                  ? t('trialEnds', { ended: new Date(trialEnds) > now() ? 'no' : 'yes', date: formatDay(trialEnds) })
                  : billing.trial.available
                    ? t('trialAvailable')
                    : t('trialUsed')}
              </CardDescription>
            </CardHeader>
            {billing.trial.available && (
              <CardContent>
                <BillingButton path="/api/billing/trial" label={t('startTrial')} pendingLabel={t('starting')} variant="secondary" />
              </CardContent>
            )}
          </Card>
          {billing.has_customer && !subscribed && (
            <Card>
              <CardHeader>
                <CardTitle>
                  <h2>{t('paymentDetails')}</h2>
                </CardTitle>
                <CardDescription>{t('paymentDetailsHelp')}</CardDescription>
              </CardHeader>
              <CardContent>
                <BillingButton path="/api/billing/portal" label={t('manage')} variant="outline" />
              </CardContent>
            </Card>
          )}
        </div>
      )}
      {billing.billing_enabled && (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('invoices')}</h2>
            </CardTitle>
            {invoices === null && <CardDescription>{t('invoicesFailed')}</CardDescription>}
          </CardHeader>
          <CardContent>
            {invoices === null ? null : invoices.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t('noInvoices')}</p>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>{t('number')}</TableHead>
                    <TableHead>{t('date')}</TableHead>
                    <TableHead>{t('amount')}</TableHead>
                    <TableHead>{t('status')}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {invoices.map((invoice) => (
                    <TableRow key={invoice.id}>
                      <TableCell>
                        {invoice.url ? <TextLink href={invoice.url}>{invoice.number ?? invoice.id}</TextLink> : (invoice.number ?? invoice.id)}
                      </TableCell>
                      <TableCell>{formatDay(invoice.created)}</TableCell>
                      <TableCell>{money(invoice.amount / 100, invoice.currency.toUpperCase())}</TableCell>
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
