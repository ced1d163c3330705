import { useTranslations } from 'next-intl';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DateTime } from '@/components/date-time';
import { cn } from '@/lib/utils';
import type { ComponentState, SystemStatus } from '@/server/system/status';

const COLOUR: Record<ComponentState, string> = {
  up: 'bg-emerald-500',
  degraded: 'bg-amber-500',
  down: 'bg-red-600',
  off: 'bg-muted-foreground/30',
};
const HEADLINE = { up: 'headlineUp', degraded: 'headlineDegraded', down: 'headlineDown' } as const satisfies Record<SystemStatus['state'], string>;

/** One bar per stored sample (every five minutes), oldest on the left. */
function History({ samples }: { samples: SystemStatus['history'][keyof SystemStatus['history']] }) {
  const t = useTranslations('status');
  if (samples.length === 0) return <p className="text-muted-foreground text-xs">{t('noHistory')}</p>;
  return (
    <div className="flex h-6 items-stretch gap-px" aria-label={t('last24')}>
      {samples.map((s) => (
        <span key={s.at} title={`${s.at}: ${t(s.state)}`} className={cn('min-w-px flex-1 rounded-[1px]', COLOUR[s.state])} />
      ))}
    </div>
  );
}

export function StatusBoard({ status }: { status: SystemStatus }) {
  const t = useTranslations('status');
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold" data-testid="status-headline">
          {t(HEADLINE[status.state])}
        </h1>
        <p className="text-muted-foreground text-sm">
          {t.rich('checked', { time: () => <DateTime value={status.checked_at} /> })}
        </p>
      </div>
      {status.components.map((c) => (
        <Card key={c.id} data-testid={`status-${c.id}`}>
          <CardHeader className="flex flex-row items-center justify-between gap-4">
            <div className="space-y-1">
              <CardTitle className="text-base">{c.name}</CardTitle>
              <CardDescription>{c.detail}</CardDescription>
            </div>
            <span className="flex shrink-0 items-center gap-2 text-sm font-medium">
              <span className={cn('size-2.5 rounded-full', COLOUR[c.state])} aria-hidden />
              {t(c.state)}
            </span>
          </CardHeader>
          <CardContent>
            <History samples={status.history[c.id]} />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
