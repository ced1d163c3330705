'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

import { CopyableValue } from '@/components/copyable-value';
import { DateTime } from '@/components/date-time';
import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';
import { usePolled } from './use-polled';

export interface PendingIdentity {
  id: string;
  identity: string;
  vendor: string | null;
  model: string | null;
  connected: boolean;
  first_seen_at: string;
  last_seen_at: string | null;
}
interface Claimed {
  identity: string;
  ocpp_url: string;
  password: string;
  password_offer: { outcome: string } | null;
}

/**
 * Unknown identities that connected (admin setting on); claiming one makes it
 * the user's charge point. A claim needs the serial number on the charge
 * point's label (administrators may leave it out).
 */
function PendingIdentities({ initial, isAdmin }: { initial: PendingIdentity[]; isAdmin: boolean }) {
  const router = useRouter();
  const t = useTranslations('pendingIdentities');
  const [{ pending }, reload] = usePolled('/api/charge-points/pending', { pending: initial });
  const { error, pending: claiming, run } = useApiAction();
  const [claimed, setClaimed] = React.useState<Claimed>();
  const [chosen, setChosen] = React.useState<PendingIdentity>();

  async function claim(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen) return;
    const serial = String(new FormData(event.currentTarget).get('serial_number') ?? '').trim();
    const result = await run(() =>
      callApi<Claimed>('POST', `/api/charge-points/pending/${chosen.id}/claim`, serial ? { serial_number: serial } : {}),
    );
    if (result.ok) {
      setClaimed(result.data);
      setChosen(undefined);
      reload();
      router.refresh();
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <FormError error={error} fields={['serial_number']} title={t('claimFailed')} />
      {chosen && (
        <form onSubmit={claim} className="flex flex-col gap-3" aria-label={t('claimNamed', { identity: chosen.identity })}>
          <TextField
            id="claim-serial-number"
            name="serial_number"
            label={t('serial', { identity: chosen.identity })}
            required={!isAdmin}
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            hint={
              isAdmin
                ? t('serialHintAdmin')
                : t('serialHint')
            }
            error={error?.fieldErrors.serial_number}
          />
          <div className="flex gap-2">
            <SubmitButton pending={claiming} pendingLabel={t('claiming')}>
              {t('claim')}
            </SubmitButton>
            <Button type="button" variant="outline" onClick={() => setChosen(undefined)}>
              {t('cancel')}
            </Button>
          </div>
        </form>
      )}
      {claimed && (
        <section aria-label={t('claimed')} className="flex flex-col gap-3">
          <p className="font-medium">{t('nowYours', { identity: claimed.identity })}</p>
          <CopyableValue label={t('password')} value={claimed.password} testId="claimed-password" />
          <CopyableValue label={t('ocppUrl')} value={claimed.ocpp_url} />
          <p className="text-sm text-muted-foreground">
            {claimed.password_offer?.outcome === 'accepted'
              ? t('passwordAccepted')
              : t('enterPassword')}
          </p>
        </section>
      )}
      {pending.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t('none')}</p>
      ) : (
        <Table aria-label={t('table')}>
          <TableHeader>
            <TableRow>
              <TableHead>{t('id')}</TableHead>
              <TableHead>{t('model')}</TableHead>
              <TableHead>{t('firstSeen')}</TableHead>
              <TableHead>{t('lastSeen')}</TableHead>
              <TableHead />
            </TableRow>
          </TableHeader>
          <TableBody>
            {pending.map((p) => (
              <TableRow key={p.id}>
                <TableCell className="font-mono text-xs">{p.identity}</TableCell>
                <TableCell className="text-xs">{[p.vendor, p.model].filter(Boolean).join(' ') || '–'}</TableCell>
                <TableCell className="text-xs">
                  <DateTime value={p.first_seen_at} />
                </TableCell>
                <TableCell className="text-xs">{p.last_seen_at ? <DateTime value={p.last_seen_at} /> : '–'}</TableCell>
                <TableCell>
                  <Button type="button" size="sm" variant="outline" onClick={() => setChosen(p)} aria-label={t('claimNamed', { identity: p.identity })}>
                    {t('claimEllipsis')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

export { PendingIdentities };
