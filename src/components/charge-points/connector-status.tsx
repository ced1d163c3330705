import { StateBadge, type Tone } from '@/components/state-badge';

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

/** One connector's (or the charge point's) status as a badge, e.g. "1 · Charging". */
function ConnectorStatus({ label, status }: { label?: string; status: string | null }) {
  return (
    <StateBadge tone={STATUS_TONES[status ?? ''] ?? 'muted'} className="font-normal">
      {label && `${label} · `}
      {status ?? 'unknown'}
    </StateBadge>
  );
}

export { ConnectorStatus };
