import { useTranslations } from 'next-intl';

import { Badge } from '@/components/ui/badge';
import { cn } from '@/lib/utils';

/**
 * The one colour mapping for states, wherever one is shown (charge points,
 * connectors, vehicles, the message log): online/ready green, charging blue,
 * faulted red, unavailable amber, offline/unknown grey. The words still say it.
 */
const TONES = {
  ready: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  charging: 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100',
  faulted: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
  unavailable: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100',
  muted: 'border-border bg-muted text-muted-foreground',
} as const;
export type Tone = keyof typeof TONES;

/** A badge in the tone of a state. */
function StateBadge({ tone, children, className, ...props }: React.ComponentProps<typeof Badge> & { tone: Tone }) {
  return (
    <Badge variant="outline" data-tone={tone} className={cn(TONES[tone], className)} {...props}>
      {children}
    </Badge>
  );
}

/** Whether a charge point is connected: online in green, offline grey. */
function ConnectionBadge({ connected, ...props }: { connected: boolean } & React.ComponentProps<typeof Badge>) {
  const t = useTranslations('common');
  return (
    <StateBadge tone={connected ? 'ready' : 'muted'} {...props}>
      {connected ? t('online') : t('offline')}
    </StateBadge>
  );
}

export { ConnectionBadge, StateBadge };
