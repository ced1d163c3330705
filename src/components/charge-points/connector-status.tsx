import { Badge } from '@/components/ui/badge';

type Variant = 'default' | 'secondary' | 'destructive' | 'outline';

/** OCPP connector status → badge look: charging stands out, faults are red, idle is plain. */
const VARIANTS: Record<string, Variant> = {
  Charging: 'default',
  Occupied: 'default',
  Faulted: 'destructive',
  Unavailable: 'destructive',
  Available: 'outline',
};

/** One connector's status as a badge, e.g. "1 · Charging". */
function ConnectorStatus({ label, status }: { label: string; status: string | null }) {
  return (
    <Badge variant={VARIANTS[status ?? ''] ?? 'secondary'} className="font-normal">
      {label} · {status ?? 'unknown'}
    </Badge>
  );
}

export { ConnectorStatus };
