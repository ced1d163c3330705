'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { DateTime } from '@/components/date-time';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { StateBadge } from '@/components/state-badge';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { callApi } from '@/lib/api-client';
import { usePolled } from './use-polled';

interface LoggedMessage {
  id: number;
  direction: 'in' | 'out';
  kind: 'call' | 'result' | 'error' | 'invalid';
  message_id: string | null;
  action: string | null;
  at: string;
  payload: unknown;
}
interface LogPage {
  messages: LoggedMessage[];
  next_before: number | null;
  actions: string[];
}

const KIND_WORDS = { call: 'kindCall', result: 'kindResult', error: 'kindError', invalid: 'kindInvalid' } as const;

/** One logged frame: who sent it, what, when; its payload as indented JSON behind a click. */
function MessageRow({ m }: { m: LoggedMessage }) {
  const t = useTranslations('messageLog');
  const fromChargePoint = m.direction === 'in';
  return (
    <li className="min-w-0 border-b pb-2 last:border-b-0" data-testid="logged-message" data-direction={m.direction} data-action={m.action ?? ''}>
      <details>
        <summary className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-1">
          <span className="w-4 text-center" aria-hidden="true">
            {fromChargePoint ? '←' : '→'}
          </span>
          <span className="sr-only">{fromChargePoint ? t('fromCp') : t('toCp')}</span>
          <span className="font-medium break-all">{m.action ?? t('unknownAction')}</span>
          <StateBadge tone={m.kind === 'error' || m.kind === 'invalid' ? 'faulted' : 'muted'} className="font-normal">
            {t(KIND_WORDS[m.kind])}
          </StateBadge>
          <span className="text-muted-foreground">
            <DateTime value={m.at} seconds />
          </span>
          {m.message_id && <span className="font-mono break-all text-muted-foreground">#{m.message_id}</span>}
        </summary>
        <pre className="mt-2 max-h-96 overflow-auto rounded bg-muted p-2 text-xs whitespace-pre-wrap break-all" data-testid="message-payload">
          {JSON.stringify(m.payload, null, 2)}
        </pre>
      </details>
    </li>
  );
}

/**
 * The charge point's OCPP message log, both ways, newest first: filtered by
 * action and direction, the newest page polled every 10 s, older pages by
 * cursor on request.
 */
function MessageLog({ chargePointId }: { chargePointId: string }) {
  const t = useTranslations('messageLog');
  const [action, setAction] = React.useState('');
  const [direction, setDirection] = React.useState('');
  const query = `action=${encodeURIComponent(action)}&direction=${direction}`;
  const base = `/api/charge-points/${chargePointId}/messages?${query}`;
  const [newest] = usePolled<LogPage>(base, { messages: [], next_before: null, actions: [] });
  const [older, setOlder] = React.useState<{ query: string; messages: LoggedMessage[]; next: number | null }>();
  const [loading, setLoading] = React.useState(false);
  const [error, setError] = React.useState<string>();
  // Older pages belong to the filter they were loaded for.
  const olderHere = older?.query === query ? older : undefined;
  const next = olderHere ? olderHere.next : newest.next_before;
  const shownIds = new Set(newest.messages.map((m) => m.id));
  const messages = [...newest.messages, ...(olderHere?.messages.filter((m) => !shownIds.has(m.id)) ?? [])];

  async function loadOlder() {
    if (next === null) return;
    setLoading(true);
    const result = await callApi<LogPage>('GET', `${base}&before=${next}`);
    setLoading(false);
    if (!result.ok) return setError(result.error.detail);
    setError(undefined);
    setOlder({ query, messages: [...(olderHere?.messages ?? []), ...result.data.messages], next: result.data.next_before });
  }

  return (
    <div className="flex flex-col gap-3 text-sm">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <Label htmlFor="log-action">{t('action')}</Label>
          <NativeSelect id="log-action" size="sm" value={action} onChange={(e) => setAction(e.target.value)}>
            <NativeSelectOption value="">{t('allActions')}</NativeSelectOption>
            {[...new Set([...newest.actions, ...(action ? [action] : [])])].map((a) => (
              <NativeSelectOption key={a} value={a}>
                {a}
              </NativeSelectOption>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="log-direction">{t('direction')}</Label>
          <NativeSelect id="log-direction" size="sm" value={direction} onChange={(e) => setDirection(e.target.value)}>
            <NativeSelectOption value="">{t('bothWays')}</NativeSelectOption>
            <NativeSelectOption value="in">{t('fromChargePoint')}</NativeSelectOption>
            <NativeSelectOption value="out">{t('toChargePoint')}</NativeSelectOption>
          </NativeSelect>
        </div>
      </div>
      <ul aria-label={t('messages')} className="flex flex-col gap-2 text-xs">
        {messages.length === 0 && <li className="text-muted-foreground">{action || direction ? t('noneFiltered') : t('none')}</li>}
        {messages.map((m) => (
          <MessageRow key={m.id} m={m} />
        ))}
      </ul>
      {error && <p className="text-destructive">{error}</p>}
      {next !== null && (
        <Button variant="outline" size="sm" className="self-start" disabled={loading} onClick={() => void loadOlder()}>
          {loading ? t('loading') : t('older')}
        </Button>
      )}
    </div>
  );
}

export { MessageLog };
