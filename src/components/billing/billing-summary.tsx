import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { formatDay } from '@/lib/dates';
import { PLAN_SOURCE_LABELS } from '@/lib/plan-source';
import type { BillingOverview } from '@/server/billing/overview';
import type { UsageSummary } from '@/server/usage/summary';


/** Plan, renewal or end date, calls against the allowance, tokens left. */
function BillingSummary({ billing, usage }: { billing: BillingOverview; usage: UsageSummary }) {
  const sub = billing.subscription;
  let renewal: string | null = null;
  if (billing.plan_until) renewal = `Ends on ${formatDay(billing.plan_until)}`;
  else if (billing.plan_source === 'subscription' && sub?.current_period_end) renewal = `Renews on ${formatDay(sub.current_period_end)}`;

  return (
    <div className="grid gap-6 md:grid-cols-3">
      <Card>
        <CardHeader>
          <CardDescription>Current plan</CardDescription>
          <CardTitle className="flex items-center gap-2 text-2xl capitalize" data-testid="current-plan">
            {billing.tier} <Badge variant="secondary">{PLAN_SOURCE_LABELS[billing.plan_source]}</Badge>
          </CardTitle>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground" data-testid="plan-renewal">
          {renewal ?? 'No end date.'}
          {sub && sub.status !== 'active' && <> Subscription status: {sub.status}.</>}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardDescription>Calls this month</CardDescription>
          <CardTitle className="text-2xl" data-testid="billing-calls">
            {usage.current_calls} of {usage.max_calls}
          </CardTitle>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground">Resets on {formatDay(usage.resets_at)}.</CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardDescription>API tokens left</CardDescription>
          <CardTitle className="text-2xl" data-testid="billing-tokens">
            {usage.api_tokens}
          </CardTitle>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground">Used one a call once the monthly allowance is gone.</CardContent>
      </Card>
    </div>
  );
}

export { BillingSummary };
