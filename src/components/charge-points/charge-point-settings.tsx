'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { callApi } from '@/lib/api-client';

interface Named {
  id: string;
  name: string;
}
interface Connector {
  evse_id: number;
  connector_id: number;
  max_current_a: number | null;
}
interface Props {
  chargePointId: string;
  siteId: string | null;
  tariffId: string | null;
  connectors: Connector[];
  onDone: () => void;
}

/** Site (load balancing), tariff (cost) and each connector's maximum current, saved with one PATCH. */
function ChargePointSettings({ chargePointId, siteId, tariffId, connectors, onDone }: Props) {
  const t = useTranslations('cpPanels');
  const [options, setOptions] = React.useState<{ sites: Named[]; tariffs: Named[] }>({ sites: [], tariffs: [] });
  const [message, setMessage] = React.useState<{ ok: boolean; text: string }>();
  const [pending, setPending] = React.useState(false);
  React.useEffect(() => {
    void Promise.all([callApi<{ sites: Named[] }>('GET', '/api/sites'), callApi<{ tariffs: Named[] }>('GET', '/api/tariffs')]).then(([sites, tariffs]) =>
      setOptions({ sites: sites.ok ? sites.data.sites : [], tariffs: tariffs.ok ? tariffs.data.tariffs : [] }),
    );
  }, []);

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const maximum = (c: Connector) => String(form.get(`max-${c.evse_id}-${c.connector_id}`) ?? '').trim();
    setPending(true);
    const result = await callApi('PATCH', `/api/charge-points/${chargePointId}`, {
      site_id: form.get('site_id') || null,
      tariff_id: form.get('tariff_id') || null,
      connectors: connectors.map((c) => ({ evse_id: c.evse_id, connector_id: c.connector_id, max_current_a: maximum(c) === '' ? null : Number(maximum(c)) })),
    });
    setPending(false);
    setMessage(result.ok ? { ok: true, text: t('saved') } : { ok: false, text: result.error.detail });
    onDone();
  }

  return (
    <form onSubmit={save} aria-label={t('settingsForm')} className="flex flex-col gap-3 text-sm">
      <div className="grid gap-2">
        <Label htmlFor="cp-site">{t('siteLabel')}</Label>
        <NativeSelect id="cp-site" name="site_id" defaultValue={siteId ?? ''} key={`site-${siteId}-${options.sites.length}`}>
          <NativeSelectOption value="">{t('noSite')}</NativeSelectOption>
          {options.sites.map((s) => (
            <NativeSelectOption key={s.id} value={s.id}>
              {s.name}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="cp-tariff">{t('tariff')}</Label>
        <NativeSelect id="cp-tariff" name="tariff_id" defaultValue={tariffId ?? ''} key={`tariff-${tariffId}-${options.tariffs.length}`}>
          <NativeSelectOption value="">{t('noTariff')}</NativeSelectOption>
          {options.tariffs.map((tariff) => (
            <NativeSelectOption key={tariff.id} value={tariff.id}>
              {tariff.name}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
      {connectors.map((c) => (
        <div key={`${c.evse_id}/${c.connector_id}`} className="grid gap-2">
          <Label htmlFor={`max-${c.evse_id}-${c.connector_id}`}>
            {t('maxCurrent', { evse: c.evse_id, connector: c.connector_id })}
          </Label>
          <Input
            id={`max-${c.evse_id}-${c.connector_id}`}
            name={`max-${c.evse_id}-${c.connector_id}`}
            type="number"
            min={1}
            max={1000}
            step="0.1"
            defaultValue={c.max_current_a ?? ''}
            placeholder={t('noLimitPlaceholder')}
          />
        </div>
      ))}
      <Button type="submit" size="sm" className="self-start" disabled={pending}>
        {pending ? t('saving') : t('saveSettings')}
      </Button>
      <p role="status" className={message?.ok === false ? 'text-destructive' : ''} data-testid="settings-result">
        {message?.text}
      </p>
    </form>
  );
}

export { ChargePointSettings };
