import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { PageHeading } from '@/components/site/page-heading';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DailyCallsChart } from '@/components/usage/daily-calls-chart';
import { getFormatter } from 'next-intl/server';
import { formatsFor } from '@/i18n/formats';
import { now } from '@/server/clock';
import { fillDays } from '@/server/usage/days';
import { getUsageSummary } from '@/server/usage/summary';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('usage.title') };
}

export default async function UsagePage() {
  const tp = await getTranslations('pages');
  const t = await getTranslations('usage');
  const { day: formatDay } = formatsFor(await getFormatter());
  const user = await requireSignedIn('/usage');
  const usage = await getUsageSummary(user);
  const used = Math.min(usage.current_calls, usage.max_calls);
  const percent = usage.max_calls > 0 ? Math.round((used / usage.max_calls) * 100) : 100;
  const today = now().toISOString().slice(0, 10);

  return (
    <>
      <PageHeading title={tp('usage.title')} description={tp('usage.description')} />
      <div className="grid gap-6 md:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>{t('plan')}</CardDescription>
            <CardTitle className="flex items-center gap-2 text-2xl capitalize">
              {usage.tier} <Badge variant="secondary">{t('burst', { count: usage.burst_per_minute })}</Badge>
            </CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {t('vehicles', { max: usage.max_linked_vehicles, linked: usage.linked_vehicle_count, control: usage.charging_control ? 'yes' : 'no' })}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>{t('callsThisMonth')}</CardDescription>
            <CardTitle className="text-2xl" data-testid="calls-used">
              {t('callsOf', { used: usage.current_calls, max: usage.max_calls })}
            </CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-2 text-sm text-muted-foreground">
            <div
              role="progressbar"
              aria-label={t('allowanceUsed')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              className="h-2 w-full overflow-hidden rounded-full bg-muted"
            >
              <div className="h-full bg-primary" style={{ width: `${percent}%` }} />
            </div>
            {t('resetsOn', { date: formatDay(usage.resets_at) })}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>{t('apiTokens')}</CardDescription>
            <CardTitle className="text-2xl" data-testid="tokens-left">
              {usage.api_tokens}
            </CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {t('tokensHelp', { spent: usage.tokens_spent })}
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('callsADay')}</h2>
          </CardTitle>
          <CardDescription>{t('callsSince', { date: formatDay(usage.period_start) })}</CardDescription>
        </CardHeader>
        <CardContent>
          <DailyCallsChart days={fillDays(usage.period_start, today, usage.daily)} />
        </CardContent>
      </Card>
    </>
  );
}
