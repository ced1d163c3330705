import { Badge } from '@/components/ui/badge';
import { cn } from '@/lib/utils';

/** One colour per kind of state, the same on the list and the charge point page; the words still say it. */
const TONES = {
  ready: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  charging: 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100',
  faulted: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
  unavailable: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100',
  muted: 'border-border bg-muted text-muted-foreground',
} as const;
type Tone = keyof typeof TONES;

/** OCPP 1.6 and 2.0.1 connector statuses: in use (a cable plugged or charging), ready, faulted, out of service. */
const STATUS_TONES: Record<string, Tone> = {
  Available: 'ready',
  Preparing: 'charging',
  Charging: 'charging',
  SuspendedEV: 'charging',
  SuspendedEVSE: 'charging',
  Finishing: 'charging',
  Occupied: 'charging',
  Reserved: 'unavailable',
  Unavailable: 'unavailable',
  Faulted: 'faulted',
};

/** A badge in the tone of a state. */
function StateBadge({ tone, children, className, ...props }: React.ComponentProps<typeof Badge> & { tone: Tone }) {
  return (
    <Badge variant="outline" data-tone={tone} className={cn(TONES[tone], className)} {...props}>
      {children}
    </Badge>
  );
}

/** Whether the charge point is connected: online in green, offline grey. */
function ConnectionBadge({ connected, ...props }: { connected: boolean } & React.ComponentProps<typeof Badge>) {
  return (
    <StateBadge tone={connected ? 'ready' : 'muted'} {...props}>
      {connected ? 'Online' : 'Offline'}
    </StateBadge>
  );
}

/** One connector's (or the charge point's) status as a badge, e.g. "1 · Charging". */
function ConnectorStatus({ label, status }: { label?: string; status: string | null }) {
  return (
    <StateBadge tone={STATUS_TONES[status ?? ''] ?? 'muted'} className="font-normal">
      {label && `${label} · `}
      {status ?? 'unknown'}
    </StateBadge>
  );
}

export { ConnectionBadge, ConnectorStatus, StateBadge };
