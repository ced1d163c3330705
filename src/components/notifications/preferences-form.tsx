'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';
import type { PreferencesView } from '@/server/notifications/view';
import { BrowserPush } from './browser-push';
import { SmsSettings } from './sms-settings';

const ALL_CHANNELS = [
  { key: 'email', label: 'email' },
  { key: 'ntfy', label: 'ntfy' },
  { key: 'webpush', label: 'browser' },
  { key: 'sms', label: 'sms' },
] as const;

type Channel = (typeof ALL_CHANNELS)[number]['key'];

/** The events × channels grid, the ntfy topic, quiet hours, and a test per channel. */
function NotificationPreferencesForm({ initial }: { initial: PreferencesView }) {
  const router = useRouter();
  const t = useTranslations('notifications');
  const tc = useTranslations('common');
  const [view, setView] = React.useState(initial);
  const te = useTranslations('notificationEvents');
  // The catalogue's words for a known event; the server's (English) text for one it does not know yet.
  const eventText = (event: { key: string; label: string; description: string }, part: 'label' | 'description') =>
    te.has(`${event.key}.${part}` as never) ? te(`${event.key}.${part}` as never) : event[part];
  const [choices, setChoices] = React.useState(() => Object.fromEntries(initial.events.map((e) => [e.key, { ...e.channels }])));
  const save = useApiAction();
  const test = useApiAction();
  const browserZone = React.useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  // SMS only where the installation offers it (Twilio set up).
  const CHANNELS = ALL_CHANNELS.filter((c) => c.key !== 'sms' || view.channels.sms);

  function toggle(group: string, channel: Channel, on: boolean) {
    setChoices((current) => ({ ...current, [group]: { ...current[group], [channel]: on } }));
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const start = text('quiet_start');
    const end = text('quiet_end');
    const result = await save.run(() =>
      callApi<PreferencesView>('PUT', '/api/notifications/preferences', {
        events: choices,
        ntfy_url: text('ntfy_url') || null,
        quiet_hours: start && end ? { start, end } : null,
        time_zone: text('time_zone') || 'UTC',
      }),
    );
    if (result.ok) {
      setView(result.data);
      toast.success(t('saved'));
      router.refresh();
    }
  }

  async function sendTest(channel: Channel) {
    const result = await test.run(() => callApi<{ status: string; error: string | null }>('POST', '/api/notifications/test', { channel }));
    if (result.ok) {
      if (result.data.status === 'sent') toast.success(t('testSent'));
      else toast.error(t('testOutcome', { status: result.data.status, error: result.data.error ?? '' }));
      router.refresh();
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('whatTitle')}</h2>
        </CardTitle>
        <CardDescription>{t('whatHelp', { address: view.channels.email.address })}</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="flex flex-col gap-6" aria-label={t('form')}>
          <FormError error={save.error} fields={['ntfy_url', 'quiet_hours.start', 'quiet_hours.end', 'time_zone']} title={t('saveFailed')} />
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t('event')}</TableHead>
                {CHANNELS.map((c) => (
                  <TableHead key={c.key} className="text-center">
                    {t(c.label)}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.events.map((event) => (
                <TableRow key={event.key}>
                  <TableCell>
                    <div className="font-medium">{eventText(event, 'label')}</div>
                    <div className="text-sm text-muted-foreground">{eventText(event, 'description')}</div>
                  </TableCell>
                  {CHANNELS.map((c) => (
                    <TableCell key={c.key} className="text-center">
                      <input
                        type="checkbox"
                        className="size-4"
                        aria-label={`${t(c.label)}: ${eventText(event, 'label')}`}
                        checked={choices[event.key]?.[c.key] ?? false}
                        onChange={(e) => toggle(event.key, c.key, e.currentTarget.checked)}
                      />
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TextField
            id="ntfy-url"
            name="ntfy_url"
            label={t('ntfyUrl')}
            placeholder="https://ntfy.sh/my-secret-topic"
            defaultValue={view.channels.ntfy.url ?? ''}
            hint={t('ntfyHint')}
            error={save.error?.fieldErrors.ntfy_url}
          />
          <fieldset className="grid gap-4 sm:grid-cols-3">
            <legend className="mb-2 text-sm font-medium">{t('quietHours')}</legend>
            <TextField id="quiet-start" name="quiet_start" type="time" label={t('from')} defaultValue={view.quiet_hours?.start ?? ''} />
            <TextField id="quiet-end" name="quiet_end" type="time" label={t('until')} defaultValue={view.quiet_hours?.end ?? ''} />
            <TextField
              id="time-zone"
              name="time_zone"
              label={t('timeZone')}
              defaultValue={view.time_zone === 'UTC' && browserZone ? browserZone : view.time_zone}
              error={save.error?.fieldErrors.time_zone}
            />
          </fieldset>
          <SubmitButton pending={save.pending} pendingLabel={tc('saving')} className="self-start">
            {tc('save')}
          </SubmitButton>
        </form>
        <BrowserPush
          devices={view.channels.webpush.devices}
          onChange={(devices) => setView((v) => ({ ...v, channels: { ...v.channels, webpush: { devices } } }))}
        />
        {view.channels.sms && (
          <SmsSettings
            {...view.channels.sms}
            onChange={(phone) => setView((v) => ({ ...v, channels: { ...v.channels, sms: v.channels.sms && { ...v.channels.sms, phone } } }))}
          />
        )}
        <div className="mt-6 flex flex-wrap items-center gap-3 border-t pt-4">
          <span className="text-sm text-muted-foreground">{t('sendTest')}</span>
          {CHANNELS.map((c) => (
            <Button key={c.key} variant="outline" size="sm" disabled={test.pending || (c.key === 'ntfy' && !view.channels.ntfy.url) || (c.key === 'webpush' && view.channels.webpush.devices === 0) || (c.key === 'sms' && !view.channels.sms?.phone)} onClick={() => void sendTest(c.key)}>
              {t('testChannel', { channel: t(c.label) })}
            </Button>
          ))}
          {test.error && (
            <p role="alert" className="text-sm text-destructive">
              {test.error.detail}
            </p>
          )}
        </div>
      </CardContent>
    </Card>
  );
}

export { NotificationPreferencesForm };
