'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';
import { TriangleAlertIcon } from 'lucide-react';

import { CopyableValue } from '@/components/copyable-value';
import { DateTime } from '@/components/date-time';
import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { callApi } from '@/lib/api-client';

export interface ConnectionSettings {
  allow_no_password: boolean;
  ping_interval_s: number | null;
  password_rotation: { status: string; at: string | null } | null;
}
interface Rotation {
  status: 'completed' | 'awaiting_reconnect' | 'unconfirmed' | 'rejected';
  password: string | null;
  answer: string | null;
}

const ROTATION_KEYS = { completed: 'rotCompleted', awaiting_reconnect: 'rotAwaiting', unconfirmed: 'rotUnconfirmed', rejected: 'rotRejected' } as const;

/** Security profile 0, the ping interval and password rotation of one charge point. */
function ConnectionSecurity({ chargePointId, initial }: { chargePointId: string; initial: ConnectionSettings }) {
  const t = useTranslations('connectionSecurity');
  const base = `/api/charge-points/${chargePointId}`;
  const rotationText = (status: string) => (status in ROTATION_KEYS ? t(ROTATION_KEYS[status as keyof typeof ROTATION_KEYS]) : undefined);
  const [settings, setSettings] = React.useState(initial);
  const save = useApiAction();
  const rotation = useApiAction();
  const [rotated, setRotated] = React.useState<Rotation>();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const ping = String(form.get('ping_interval_s') ?? '').trim();
    const result = await save.run(() =>
      callApi<ConnectionSettings>('PATCH', `${base}/connection`, {
        allow_no_password: form.get('allow_no_password') === 'on',
        ping_interval_s: ping === '' ? null : Number(ping),
      }),
    );
    if (result.ok) setSettings(result.data);
  }

  async function rotate() {
    const result = await rotation.run(() => callApi<Rotation>('POST', `${base}/password`));
    if (result.ok) {
      setRotated(result.data);
      setSettings((s) => ({ ...s, password_rotation: { status: result.data.status, at: new Date().toISOString() } }));
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('title')}</h2>
        </CardTitle>
        <CardDescription>{t('help')}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6 text-sm">
        <form onSubmit={submit} className="flex flex-col gap-3" aria-label={t('form')}>
          <FormError error={save.error} fields={['allow_no_password', 'ping_interval_s']} title={t('saveFailed')} />
          <TextField
            id="ping-interval"
            name="ping_interval_s"
            label={t('ping')}
            type="number"
            min={0}
            max={3600}
            defaultValue={settings.ping_interval_s ?? ''}
            hint={t('pingHint')}
            error={save.error?.fieldErrors.ping_interval_s}
          />
          <label className="flex items-center gap-2">
            <input type="checkbox" name="allow_no_password" defaultChecked={settings.allow_no_password} className="size-4" />
            {t('allowNoPassword')}
          </label>
          <Alert variant="destructive">
            <TriangleAlertIcon aria-hidden="true" />
            <AlertTitle>{t('closedTitle')}</AlertTitle>
            <AlertDescription>{t('closedBody')}</AlertDescription>
          </Alert>
          <SubmitButton pending={save.pending} pendingLabel={t('saving')}>
            {t('save')}
          </SubmitButton>
        </form>

        <section aria-labelledby="password-heading" className="flex flex-col gap-3">
          <h3 id="password-heading" className="font-semibold">
            {t('password')}
          </h3>
          {settings.password_rotation && (
            <p data-testid="password-rotation">
              {t.rich('lastChange', {
                text: rotationText(settings.password_rotation.status) ?? '',
                when: () => (settings.password_rotation?.at ? <DateTime value={settings.password_rotation.at} /> : null),
              })}
            </p>
          )}
          <FormError error={rotation.error} fields={[]} title={t('changeFailed')} />
          {rotated?.password && (
            <>
              <CopyableValue label={t('newPassword')} value={rotated.password} testId="rotated-password" />
              <p className="text-muted-foreground">
                {t('shownOnce')} {rotated.status === 'completed' ? t('enterIt') : t('sentIt')}
              </p>
            </>
          )}
          <Button type="button" variant="outline" onClick={rotate} disabled={rotation.pending}>
            {rotation.pending ? t('changing') : t('change')}
          </Button>
          <p className="text-muted-foreground">
            {t('how')}
          </p>
        </section>
      </CardContent>
    </Card>
  );
}

export { ConnectionSecurity };
