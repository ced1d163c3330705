'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { TextField } from '@/components/forms/text-field';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import type { ApiError } from '@/lib/api-client';

export interface SiteLegal {
  time_zone?: string;
  legal_name?: string | null;
  legal_address?: string | null;
  vat_id?: string | null;
  vat_rate_percent?: number;
}

export const SITE_LEGAL_FIELDS = ['time_zone', 'legal_name', 'legal_address', 'vat_id', 'vat_rate_percent'];

/** The legal and time zone part of a site form's body: empty text clears a detail, an empty VAT rate is 0. */
export function siteLegalBody(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const rate = text('vat_rate_percent');
  return {
    time_zone: text('time_zone') || undefined,
    legal_name: text('legal_name'),
    legal_address: text('legal_address'),
    vat_id: text('vat_id'),
    vat_rate_percent: rate === '' ? 0 : Number(rate),
  };
}

let zoneList: string[] | undefined;
/** The browser's zones, UTC first (one array, so it can be a store snapshot). */
function zones(): string[] {
  zoneList ??= ['UTC', ...(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []).filter((z) => z !== 'UTC')];
  return zoneList;
}
const noopSubscribe = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const SERVER_ZONES = ['UTC'];

/**
 * Time zone (a new site starts with the browser's) and the details printed on
 * invoices. Tariff time blocks, exports and invoices use the site's local time.
 */
export function SiteLegalFields({ prefix, initial, error }: { prefix: string; initial?: SiteLegal; error?: ApiError }) {
  const t = useTranslations('siteLegal');
  // In the browser only (the server renders UTC): the full list, and a new site's default from the browser.
  const browser = React.useSyncExternalStore(noopSubscribe, browserZone, () => null);
  const all = React.useSyncExternalStore(noopSubscribe, zones, () => SERVER_ZONES);
  const [picked, setPicked] = React.useState<string | null>(null);
  const zone = picked ?? initial?.time_zone ?? browser ?? 'UTC';
  const options = all.includes(zone) ? all : [zone, ...all];
  const zoneError = error?.fieldErrors.time_zone;
  return (
    <>
      <div className="grid gap-2">
        <Label htmlFor={`${prefix}-time-zone`}>{t('timeZone')}</Label>
        <NativeSelect
          id={`${prefix}-time-zone`}
          name="time_zone"
          value={zone}
          onChange={(e) => setPicked(e.target.value)}
          wrapperClassName="w-full"
          aria-invalid={zoneError ? true : undefined}
          aria-describedby={`${prefix}-time-zone-hint`}
        >
          {options.map((z) => (
            <NativeSelectOption key={z} value={z}>
              {z}
            </NativeSelectOption>
          ))}
        </NativeSelect>
        <p id={`${prefix}-time-zone-hint`} className="text-sm text-muted-foreground">
          {t('timeZoneHint')}
        </p>
        {zoneError && (
          <p role="alert" className="text-sm text-destructive">
            {zoneError}
          </p>
        )}
      </div>
      <TextField id={`${prefix}-legal-name`} name="legal_name" label={t('legalName')} maxLength={200} defaultValue={initial?.legal_name ?? ''} error={error?.fieldErrors.legal_name} />
      <TextField id={`${prefix}-legal-address`} name="legal_address" label={t('legalAddress')} maxLength={500} defaultValue={initial?.legal_address ?? ''} error={error?.fieldErrors.legal_address} />
      <TextField id={`${prefix}-vat-id`} name="vat_id" label={t('vatId')} maxLength={50} defaultValue={initial?.vat_id ?? ''} error={error?.fieldErrors.vat_id} />
      <TextField
        id={`${prefix}-vat-rate`}
        name="vat_rate_percent"
        label={t('vatRate')}
        type="number"
        step="0.01"
        defaultValue={initial?.vat_rate_percent ?? 0}
        hint={t('vatRateHint')}
        error={error?.fieldErrors.vat_rate_percent}
      />
    </>
  );
}
