'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';
import { PlusIcon, XIcon } from 'lucide-react';

import { TextField } from '@/components/forms/text-field';
import { Button } from '@/components/ui/button';
import type { ApiError } from '@/lib/api-client';
import { numberOrNull } from './site-forms';

export interface TariffRow {
  id: string;
  name: string;
  price_per_kwh: number;
  currency: string;
  time_blocks: { from: string; to: string; price_per_kwh: number }[] | null;
}
interface BlockInput {
  key: number;
  from: string;
  to: string;
  price: string;
}

/** The fields a tariff form shows errors next to, with each time block row's. */
export const tariffFields = (rows: number) => [
  'name',
  'price_per_kwh',
  'currency',
  'time_blocks',
  ...Array.from({ length: rows }, (_, i) => ['from', 'to', 'price_per_kwh'].map((f) => `time_blocks.${i}.${f}`)).flat(),
];

/** The tariff's body: name, price and currency from the form, the time blocks from their rows. */
export function tariffBody(form: FormData, blocks: BlockInput[]) {
  return {
    name: String(form.get('name') ?? ''),
    price_per_kwh: numberOrNull(form.get('price_per_kwh')),
    currency: String(form.get('currency') ?? '')
      .trim()
      .toUpperCase(),
    time_blocks: blocks.length === 0 ? null : blocks.map((b) => ({ from: b.from, to: b.to, price_per_kwh: numberOrNull(b.price) })),
  };
}

let nextKey = 0;
const toInputs = (tariff?: TariffRow): BlockInput[] =>
  (tariff?.time_blocks ?? []).map((b) => ({ key: nextKey++, from: b.from, to: b.to, price: String(b.price_per_kwh) }));

/** The time block rows a form edits (kept in state: rows come and go). */
export function useTimeBlocks(tariff?: TariffRow) {
  const [blocks, setBlocks] = React.useState(() => toInputs(tariff));
  const reset = React.useCallback(() => setBlocks(toInputs(tariff)), [tariff]);
  return { blocks, setBlocks, reset };
}

/** Name, base price, currency and the UTC time blocks of a tariff (shared by the add form and the edit dialog). */
function TariffFields({
  prefix,
  initial,
  error,
  blocks,
  setBlocks,
}: {
  prefix: string;
  initial?: TariffRow;
  error?: ApiError;
  blocks: BlockInput[];
  setBlocks: React.Dispatch<React.SetStateAction<BlockInput[]>>;
}) {
  const t = useTranslations('tariffForms');
  const fe = error?.fieldErrors ?? {};
  const change = (key: number, patch: Partial<BlockInput>) => setBlocks((all) => all.map((b) => (b.key === key ? { ...b, ...patch } : b)));
  return (
    <>
      <TextField id={`${prefix}-name`} name="name" label={t('name')} maxLength={100} defaultValue={initial?.name} error={fe.name} />
      <div className="grid grid-cols-[1fr_6rem] gap-3">
        <TextField
          id={`${prefix}-price`}
          name="price_per_kwh"
          label={t('price')}
          type="number"
          step="0.0001"
          defaultValue={initial?.price_per_kwh}
          error={fe.price_per_kwh}
        />
        <TextField id={`${prefix}-currency`} name="currency" label={t('currency')} maxLength={3} defaultValue={initial?.currency ?? 'CHF'} error={fe.currency} />
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">{t('blocks')}</legend>
        <p className="text-sm text-muted-foreground">{t('blocksHelp')}</p>
        {fe.time_blocks && (
          <p role="alert" className="text-sm text-destructive">
            {fe.time_blocks}
          </p>
        )}
        {blocks.map((b, i) => (
          <div key={b.key} role="group" aria-label={t('block', { n: i + 1 })} className="flex items-start gap-2">
            {/* Two columns on a phone: a time input needs about 8rem. */}
            <div className="grid flex-1 grid-cols-2 gap-2 sm:grid-cols-3">
            <TextField id={`${prefix}-block-${b.key}-from`} label={t('from')} type="time" value={b.from} onChange={(e) => change(b.key, { from: e.target.value })} error={fe[`time_blocks.${i}.from`]} />
            <TextField id={`${prefix}-block-${b.key}-to`} label={t('to')} type="time" value={b.to} onChange={(e) => change(b.key, { to: e.target.value })} error={fe[`time_blocks.${i}.to`]} />
            <TextField
              id={`${prefix}-block-${b.key}-price`}
              label={t('blockPrice')}
              type="number"
              step="0.0001"
              value={b.price}
              onChange={(e) => change(b.key, { price: e.target.value })}
              error={fe[`time_blocks.${i}.price_per_kwh`]}
            />
            </div>
            <Button
              type="button"
              variant="ghost"
              size="icon"
              className="mt-[1.375rem]"
              aria-label={t('removeBlock', { n: i + 1 })}
              title={t('remove')}
              onClick={() => setBlocks((all) => all.filter((x) => x.key !== b.key))}
            >
              <XIcon aria-hidden="true" />
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="self-start"
          onClick={() => setBlocks((all) => [...all, { key: nextKey++, from: '22:00', to: '06:00', price: '' }])}
        >
          <PlusIcon aria-hidden="true" />
          {t('addBlock')}
        </Button>
      </fieldset>
    </>
  );
}

export { TariffFields };
