'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

interface SmsState {
  available: boolean;
  phone?: string | null;
  pending_phone?: string | null;
  code_expires_at?: string | null;
  credits?: number;
}

interface SmsSettingsProps {
  phone: string | null;
  credits: number;
  /** False without billing: SMS cost nothing here. */
  charged: boolean;
  onChange: (phone: string | null) => void;
}

/** The SMS number: enter it, get a code by SMS, enter the code; then SMS can be chosen per event. Credits and where to buy them. */
function SmsSettings({ phone, credits, charged, onChange }: SmsSettingsProps) {
  const router = useRouter();
  const t = useTranslations('sms');
  const [pending, setPending] = React.useState<string | null>(null);
  const send = useApiAction();
  const verify = useApiAction();
  const remove = useApiAction();

  // A code asked for before a reload is still waiting: offer its field again.
  React.useEffect(() => {
    let current = true;
    void callApi<SmsState>('GET', '/api/notifications/sms').then((result) => {
      if (current && result.ok && result.data.pending_phone) setPending(result.data.pending_phone);
    });
    return () => {
      current = false;
    };
  }, []);

  async function sendCode(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const number = String(new FormData(event.currentTarget).get('phone') ?? '').trim();
    const result = await send.run(() => callApi<SmsState>('POST', '/api/notifications/sms/code', { phone: number }));
    if (result.ok) {
      setPending(result.data.pending_phone ?? null);
      toast.success(t('codeSent'));
    }
  }

  async function confirm(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    const result = await verify.run(() => callApi<SmsState>('POST', '/api/notifications/sms/verify', { code }));
    if (result.ok) {
      setPending(null);
      onChange(result.data.phone ?? null);
      toast.success(t('verified'));
      router.refresh();
    }
  }

  async function forget() {
    const result = await remove.run(() => callApi<SmsState>('DELETE', '/api/notifications/sms'));
    if (result.ok) {
      onChange(null);
      router.refresh();
    }
  }

  return (
    <section aria-labelledby="sms-heading" className="mt-6 flex flex-col gap-4 border-t pt-4">
      <div>
        <h3 id="sms-heading" className="font-medium">
          {t('title')}
        </h3>
        <p className="text-sm text-muted-foreground">
          {phone ? t.rich('goesTo', { phone, number: (chunks) => <span data-testid="sms-phone">{chunks}</span> }) : t('addNumber')}{' '}
          {charged ? t.rich('charged', { count: credits, n: (chunks) => <span data-testid="sms-credits-left">{chunks}</span> }) : t('free')}
        </p>
      </div>
      {charged && (
        <Button asChild variant="outline" size="sm" className="self-start">
          <a href="/billing#sms-credits">{t('buy')}</a>
        </Button>
      )}
      <form onSubmit={sendCode} className="flex flex-wrap items-end gap-3" aria-label={t('numberForm')}>
        <TextField
          id="sms-phone-input"
          name="phone"
          type="tel"
          autoComplete="tel"
          label={phone ? t('changeNumber') : t('mobileNumber')}
          placeholder="+44 7700 900123"
          hint={t('numberHint')}
          error={send.error?.fieldErrors.phone}
          wrapperClassName="min-w-64 flex-1"
        />
        <SubmitButton pending={send.pending} pendingLabel={t('sending')}>
          {t('sendCode')}
        </SubmitButton>
      </form>
      <FormError error={send.error} fields={['phone']} title={t('sendFailed')} />
      {pending && (
        <form onSubmit={confirm} className="flex flex-wrap items-end gap-3" aria-label={t('codeForm')}>
          <TextField
            id="sms-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            label={t('codeSentTo', { phone: pending })}
            hint={t('codeHint')}
            error={verify.error?.fieldErrors.code}
            wrapperClassName="w-48"
          />
          <SubmitButton pending={verify.pending} pendingLabel={t('checking')}>
            {t('verify')}
          </SubmitButton>
        </form>
      )}
      <FormError error={verify.error} fields={['code']} title={t('verifyFailed')} />
      {phone && (
        <Button variant="ghost" size="sm" className="self-start" disabled={remove.pending} onClick={() => void forget()}>
          {t('remove')}
        </Button>
      )}
      <FormError error={remove.error} title={t('removeFailed')} />
    </section>
  );
}

export { SmsSettings };
