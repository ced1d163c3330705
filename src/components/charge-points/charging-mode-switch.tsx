'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

export type ChargingMode = 'off' | 'fast' | 'min_solar' | 'solar';

const MODE_KEYS = [
  { value: 'off', label: 'off', hint: 'offHint' },
  { value: 'fast', label: 'fast', hint: 'fastHint' },
  { value: 'min_solar', label: 'minSolar', hint: 'minSolarHint' },
  { value: 'solar', label: 'solar', hint: 'solarHint' },
] as const satisfies readonly { value: ChargingMode; label: string; hint: string }[];

function useModes(): { value: ChargingMode; label: string; hint: string }[] {
  const t = useTranslations('chargingMode');
  return MODE_KEYS.map((m) => ({ value: m.value, label: t(m.label), hint: t(m.hint) }));
}

interface ModeConnector {
  evse_id: number;
  connector_id: number;
  charging_mode: ChargingMode;
}

/** One connector's mode: four buttons, the current one pressed; a change is saved at once. */
function ModeRow({ chargePointId, connector, label }: { chargePointId: string; connector: ModeConnector | null; label: string }) {
  const t = useTranslations('chargingMode');
  const MODES = useModes();
  const [mode, setMode] = React.useState<ChargingMode>(connector?.charging_mode ?? 'fast');
  const [pending, setPending] = React.useState(false);
  const [message, setMessage] = React.useState<{ ok: boolean; text: string }>();

  async function choose(next: ChargingMode) {
    if (next === mode || pending) return;
    setPending(true);
    const body = connector
      ? { connectors: [{ evse_id: connector.evse_id, connector_id: connector.connector_id, charging_mode: next }] }
      : { charging_mode: next };
    const result = await callApi('PATCH', `/api/charge-points/${chargePointId}`, body);
    setPending(false);
    if (result.ok) {
      setMode(next);
      setMessage({ ok: true, text: t('modeSet', { mode: MODES.find((m) => m.value === next)!.label }) });
    } else setMessage({ ok: false, text: result.error.detail });
  }

  return (
    <div className="flex flex-col gap-1">
      <div role="radiogroup" aria-label={label} className="flex flex-wrap gap-2">
        {MODES.map((m) => (
          <Button
            key={m.value}
            type="button"
            role="radio"
            aria-checked={mode === m.value}
            title={m.hint}
            size="sm"
            variant={mode === m.value ? 'default' : 'outline'}
            disabled={pending}
            onClick={() => void choose(m.value)}
          >
            {m.label}
          </Button>
        ))}
      </div>
      <p className="text-xs text-muted-foreground">{MODES.find((m) => m.value === mode)!.hint}</p>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'text-xs text-muted-foreground' : 'text-xs text-destructive'}>
          {message.text}
        </p>
      )}
    </div>
  );
}

/** The charge point page's mode switch: one per connector, or one for the charge point before it reported any. */
export function ChargingModeSwitch({ chargePointId, connectors }: { chargePointId: string; connectors: ModeConnector[] }) {
  const t = useTranslations('chargingMode');
  return (
    <section aria-label={t('title')} className="flex flex-col gap-3 rounded-md border p-4 text-sm">
      <h2 className="font-medium">{t('title')}</h2>
      <p className="text-muted-foreground">
        {t('help')}
      </p>
      {connectors.length === 0 ? (
        <ModeRow chargePointId={chargePointId} connector={null} label={t('title')} />
      ) : (
        connectors.map((c) => (
          <div key={`${c.evse_id}/${c.connector_id}`} className="flex flex-col gap-1">
            {connectors.length > 1 && (
              <span className="text-xs font-medium">
                {t('connector', { evse: c.evse_id, connector: c.connector_id })}
              </span>
            )}
            <ModeRow
              chargePointId={chargePointId}
              connector={c}
              label={connectors.length > 1 ? t('ofConnector', { evse: c.evse_id, connector: c.connector_id }) : t('title')}
            />
          </div>
        ))
      )}
    </section>
  );
}
