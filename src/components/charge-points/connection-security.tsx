'use client';

import * as React from 'react';
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

const ROTATION_TEXT: Record<string, string> = {
  completed: 'The new password is the only valid one.',
  awaiting_reconnect: 'The charge point took the new password. The old one stays valid until it reconnects with the new one.',
  unconfirmed: 'The charge point did not answer. Both passwords stay valid until it connects with the new one.',
  rejected: 'The charge point refused the new password. The old one stays valid.',
};

/** Security profile 0, the ping interval and password rotation of one charge point. */
function ConnectionSecurity({ chargePointId, initial }: { chargePointId: string; initial: ConnectionSettings }) {
  const base = `/api/charge-points/${chargePointId}`;
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
          <h2>Connection and security</h2>
        </CardTitle>
        <CardDescription>Changes apply when the charge point next connects.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6 text-sm">
        <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Connection settings">
          <FormError error={save.error} fields={['allow_no_password', 'ping_interval_s']} title="Could not save" />
          <TextField
            id="ping-interval"
            name="ping_interval_s"
            label="WebSocket ping interval (seconds)"
            type="number"
            min={0}
            max={3600}
            defaultValue={settings.ping_interval_s ?? ''}
            hint="0 turns pings off (for chargers that ignore them); empty uses the server default."
            error={save.error?.fieldErrors.ping_interval_s}
          />
          <label className="flex items-center gap-2">
            <input type="checkbox" name="allow_no_password" defaultChecked={settings.allow_no_password} className="size-4" />
            Allow connections without a password (security profile 0)
          </label>
          <Alert variant="destructive">
            <TriangleAlertIcon aria-hidden="true" />
            <AlertTitle>Only on a closed network</AlertTitle>
            <AlertDescription>
              Without a password anyone who can reach this server can pretend to be this charge point. Allow it only when the
              charge point and the server share a private network that nobody else can reach.
            </AlertDescription>
          </Alert>
          <SubmitButton pending={save.pending} pendingLabel="Saving…">
            Save
          </SubmitButton>
        </form>

        <section aria-labelledby="password-heading" className="flex flex-col gap-3">
          <h3 id="password-heading" className="font-semibold">
            Password
          </h3>
          {settings.password_rotation && (
            <p data-testid="password-rotation">
              Last change {settings.password_rotation.at && <DateTime value={settings.password_rotation.at} />}:{' '}
              {ROTATION_TEXT[settings.password_rotation.status]}
            </p>
          )}
          <FormError error={rotation.error} fields={[]} title="Could not change the password" />
          {rotated?.password && (
            <>
              <CopyableValue label="New password" value={rotated.password} testId="rotated-password" />
              <p className="text-muted-foreground">
                Shown only now.{' '}
                {rotated.status === 'completed'
                  ? 'Enter it in the charge point’s OCPP settings.'
                  : 'The charge point was sent it over OCPP; keep it in case you need to enter it by hand.'}
              </p>
            </>
          )}
          <Button type="button" variant="outline" onClick={rotate} disabled={rotation.pending}>
            {rotation.pending ? 'Changing…' : 'Change password'}
          </Button>
          <p className="text-muted-foreground">
            A connected charge point is sent the new password over OCPP (2.0.1 SetVariables BasicAuthPassword, 1.6
            ChangeConfiguration AuthorizationKey); otherwise the new one replaces the old at once.
          </p>
        </section>
      </CardContent>
    </Card>
  );
}

export { ConnectionSecurity };
