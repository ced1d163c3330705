import { useTranslations } from 'next-intl';

import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useFormats } from '@/i18n/formats';
import type { BillingOverview } from '@/server/billing/overview';
import type { UsageSummary } from '@/server/usage/summary';


/** Plan, renewal or end date, calls against the allowance, tokens left. */
function BillingSummary({ billing, usage }: { billing: BillingOverview; usage: UsageSummary }) {
  const t = useTranslations('billing');
  const planSource = useTranslations('planSource');
  const { day } = useFormats();
  const sub = billing.subscription;
  let renewal: string | null = null;
  if (billing.plan_until) renewal = t('endsOn', { date: day(billing.plan_until) });
  else if (billing.plan_source === 'subscription' && sub?.current_period_end) renewal = t('renewsOn', { date: day(sub.current_period_end) });

  return (
    <div className="grid gap-6 md:grid-cols-3">
      <Card>
        <CardHeader>
          <CardDescription>{t('currentPlan')}</CardDescription>
          <CardTitle className="flex items-center gap-2 text-2xl capitalize" data-testid="current-plan">
            {billing.tier} <Badge variant="secondary">{planSource(billing.plan_source)}</Badge>
          </CardTitle>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground" data-testid="plan-renewal">
          {renewal ?? t('noEndDate')}
          {sub && sub.status !== 'active' && <> {t('subscriptionStatus', { status: sub.status })}</>}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardDescription>{t('callsThisMonth')}</CardDescription>
          <CardTitle className="text-2xl" data-testid="billing-calls">
            {t('callsOf', { used: usage.current_calls, max: usage.max_calls })}
          </CardTitle>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground">{t('resetsOn', { date: day(usage.resets_at) })}</CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardDescription>{t('tokensLeft')}</CardDescription>
          <CardTitle className="text-2xl" data-testid="billing-tokens">
            {usage.api_tokens}
          </CardTitle>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground">{t('tokensHelp')}</CardContent>
      </Card>
    </div>
  );
}

export { BillingSummary };
