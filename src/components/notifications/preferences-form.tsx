'use client';

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

const CHANNELS = [
  { key: 'email', label: 'E-mail' },
  { key: 'ntfy', label: 'ntfy' },
  { key: 'webpush', label: 'Browser' },
] as const;

type Channel = (typeof CHANNELS)[number]['key'];

/** The events × channels grid, the ntfy topic, quiet hours, and a test per channel. */
function NotificationPreferencesForm({ initial }: { initial: PreferencesView }) {
  const router = useRouter();
  const [view, setView] = React.useState(initial);
  const [choices, setChoices] = React.useState(() => Object.fromEntries(initial.events.map((e) => [e.key, { ...e.channels }])));
  const save = useApiAction();
  const test = useApiAction();
  const browserZone = React.useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);

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
      toast.success('Notification settings saved');
      router.refresh();
    }
  }

  async function sendTest(channel: Channel) {
    const result = await test.run(() => callApi<{ status: string; error: string | null }>('POST', '/api/notifications/test', { channel }));
    if (result.ok) {
      if (result.data.status === 'sent') toast.success('Test sent');
      else toast.error(`Test ${result.data.status}: ${result.data.error ?? ''}`);
      router.refresh();
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>What you are told about</h2>
        </CardTitle>
        <CardDescription>E-mail goes to {view.channels.email.address}. Set an ntfy topic to get messages on your phone.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="flex flex-col gap-6" aria-label="Notification settings">
          <FormError error={save.error} fields={['ntfy_url', 'quiet_hours.start', 'quiet_hours.end', 'time_zone']} title="Could not save" />
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Event</TableHead>
                {CHANNELS.map((c) => (
                  <TableHead key={c.key} className="text-center">
                    {c.label}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.events.map((event) => (
                <TableRow key={event.key}>
                  <TableCell>
                    <div className="font-medium">{event.label}</div>
                    <div className="text-sm text-muted-foreground">{event.description}</div>
                  </TableCell>
                  {CHANNELS.map((c) => (
                    <TableCell key={c.key} className="text-center">
                      <input
                        type="checkbox"
                        className="size-4"
                        aria-label={`${c.label}: ${event.label}`}
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
            label="ntfy topic URL"
            placeholder="https://ntfy.sh/my-secret-topic"
            defaultValue={view.channels.ntfy.url ?? ''}
            hint="Anyone who knows a topic on a public server can read it: pick a long, unguessable name, or use your own ntfy server."
            error={save.error?.fieldErrors.ntfy_url}
          />
          <fieldset className="grid gap-4 sm:grid-cols-3">
            <legend className="mb-2 text-sm font-medium">Quiet hours (messages wait until they end)</legend>
            <TextField id="quiet-start" name="quiet_start" type="time" label="From" defaultValue={view.quiet_hours?.start ?? ''} />
            <TextField id="quiet-end" name="quiet_end" type="time" label="Until" defaultValue={view.quiet_hours?.end ?? ''} />
            <TextField
              id="time-zone"
              name="time_zone"
              label="Time zone"
              defaultValue={view.time_zone === 'UTC' && browserZone ? browserZone : view.time_zone}
              error={save.error?.fieldErrors.time_zone}
            />
          </fieldset>
          <SubmitButton pending={save.pending} pendingLabel="Saving…" className="self-start">
            Save
          </SubmitButton>
        </form>
        <BrowserPush
          devices={view.channels.webpush.devices}
          onChange={(devices) => setView((v) => ({ ...v, channels: { ...v.channels, webpush: { devices } } }))}
        />
        <div className="mt-6 flex flex-wrap items-center gap-3 border-t pt-4">
          <span className="text-sm text-muted-foreground">Send a test:</span>
          {CHANNELS.map((c) => (
            <Button key={c.key} variant="outline" size="sm" disabled={test.pending || (c.key === 'ntfy' && !view.channels.ntfy.url) || (c.key === 'webpush' && view.channels.webpush.devices === 0)} onClick={() => void sendTest(c.key)}>
              Test {c.label}
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
