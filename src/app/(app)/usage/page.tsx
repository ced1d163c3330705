import type { Metadata } from 'next';

import { PageHeading } from '@/components/site/page-heading';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DailyCallsChart } from '@/components/usage/daily-calls-chart';
import { formatDay } from '@/lib/dates';
import { now } from '@/server/clock';
import { fillDays } from '@/server/usage/days';
import { getUsageSummary } from '@/server/usage/summary';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Plan and usage' };

export default async function UsagePage() {
  const user = await requireSignedIn('/usage');
  const usage = await getUsageSummary(user);
  const used = Math.min(usage.current_calls, usage.max_calls);
  const percent = usage.max_calls > 0 ? Math.round((used / usage.max_calls) * 100) : 100;
  const today = now().toISOString().slice(0, 10);

  return (
    <>
      <PageHeading
        title="Plan and usage"
        description="Home Assistant's status, charging and odometer calls count against your monthly allowance."
      />
      <div className="grid gap-6 md:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>Plan</CardDescription>
            <CardTitle className="flex items-center gap-2 text-2xl capitalize">
              {usage.tier} <Badge variant="secondary">{usage.burst_per_minute} calls/min per key</Badge>
            </CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            Up to {usage.max_linked_vehicles} linked {usage.max_linked_vehicles === 1 ? 'vehicle' : 'vehicles'} (
            {usage.linked_vehicle_count} linked); charging control {usage.charging_control ? 'included' : 'not included'}.
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Calls this month</CardDescription>
            <CardTitle className="text-2xl" data-testid="calls-used">
              {usage.current_calls} of {usage.max_calls}
            </CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-2 text-sm text-muted-foreground">
            <div
              role="progressbar"
              aria-label="Allowance used"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              className="h-2 w-full overflow-hidden rounded-full bg-muted"
            >
              <div className="h-full bg-primary" style={{ width: `${percent}%` }} />
            </div>
            Resets on {formatDay(usage.resets_at)}.
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>API tokens</CardDescription>
            <CardTitle className="text-2xl" data-testid="tokens-left">
              {usage.api_tokens}
            </CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            Spent one a call once the allowance is used up ({usage.tokens_spent} this month). They do not expire.
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Calls a day</h2>
          </CardTitle>
          <CardDescription>Counted calls since {formatDay(usage.period_start)} (UTC days).</CardDescription>
        </CardHeader>
        <CardContent>
          <DailyCallsChart days={fillDays(usage.period_start, today, usage.daily)} />
        </CardContent>
      </Card>
    </>
  );
}
