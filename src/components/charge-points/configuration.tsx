'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { usePolled } from './use-polled';
import { useCommand, type CommandResult } from './use-command';

/** One configuration setting: a 1.6 key, or a 2.0.1 component/variable with its Actual value. */
interface Setting {
  name: string;
  value: string | null;
  readonly: boolean;
  /** What SetVariables needs to address it (2.0.1). */
  target?: { component: Record<string, unknown>; variable: Record<string, unknown> };
}

function SettingsTable({ settings, onSave, pending }: { settings: Setting[]; onSave: (s: Setting, value: string) => void; pending: boolean }) {
  const t = useTranslations('cpConfig');
  return (
    <Table aria-label={t('table')}>
      <TableHeader>
        <TableRow>
          <TableHead>{t('key')}</TableHead>
          <TableHead>{t('value')}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {settings.map((s) => (
          <TableRow key={s.name}>
            <TableCell className="font-mono text-xs break-all">{s.name}</TableCell>
            <TableCell className="text-xs">
              {s.readonly ? (
                <span className="break-all">{s.value ?? '–'}</span>
              ) : (
                <form
                  className="flex gap-2"
                  onSubmit={(event) => {
                    event.preventDefault();
                    onSave(s, String(new FormData(event.currentTarget).get('value') ?? ''));
                  }}
                >
                  <Input name="value" aria-label={s.name} defaultValue={s.value ?? ''} className="h-8 text-xs" />
                  <Button type="submit" size="sm" variant="outline" disabled={pending}>
                    {t('save')}
                  </Button>
                </form>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Result({ result }: { result?: CommandResult }) {
  return (
    <p role="status" className={result?.ok === false ? 'text-sm text-destructive' : 'text-sm'} data-testid="configuration-result">
      {result && `${result.label}: ${result.text}`}
    </p>
  );
}

/** 1.6: GetConfiguration, and ChangeConfiguration for keys that are not read-only. */
function Configuration16({ chargePointId }: { chargePointId: string }) {
  const t = useTranslations('cpConfig');
  const { pending, result, send } = useCommand(chargePointId);
  const [settings, setSettings] = React.useState<Setting[]>();
  async function load() {
    const answer = await send(t('load'), 'GetConfiguration');
    const keys = (answer?.configurationKey ?? []) as { key: string; value?: string; readonly: boolean }[];
    if (answer) setSettings(keys.map((k) => ({ name: k.key, value: k.value ?? null, readonly: k.readonly })));
  }
  return (
    <div className="flex flex-col gap-3">
      <Button variant="outline" size="sm" className="self-start" disabled={pending !== undefined} onClick={() => void load()}>
        {t('load')}
      </Button>
      <Result result={result} />
      {settings && <SettingsTable settings={settings} pending={pending !== undefined} onSave={(s, value) => void send(t('change', { name: s.name }), 'ChangeConfiguration', { key: s.name, value })} />}
    </div>
  );
}

interface ReportDatum {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
  variableAttribute: { type?: string; value?: string; mutability?: string }[];
}

const settingName = (d: ReportDatum) =>
  [d.component.name, d.component.instance, d.component.evse && `EVSE ${d.component.evse.id}`, d.variable.name, d.variable.instance].filter(Boolean).join(' / ');

/** 2.0.1: GetBaseReport (the report arrives as NotifyReport messages), and SetVariables for writable values. */
function Configuration201({ chargePointId }: { chargePointId: string }) {
  const t = useTranslations('cpConfig');
  const { pending, result, send } = useCommand(chargePointId);
  const [requestId, setRequestId] = React.useState<number>();
  const [{ events }, reload] = usePolled<{ events: { payload: { requestId?: number; reportData?: ReportDatum[] } }[] }>(
    `/api/charge-points/${chargePointId}/events?action=NotifyReport&limit=100`,
    { events: [] },
    5_000,
  );
  const settings: Setting[] = events
    .filter((e) => requestId === undefined || e.payload.requestId === requestId)
    .flatMap((e) => e.payload.reportData ?? [])
    .map((d) => {
      const actual = d.variableAttribute.find((a) => (a.type ?? 'Actual') === 'Actual') ?? d.variableAttribute[0];
      return { name: settingName(d), value: actual?.value ?? null, readonly: actual?.mutability === 'ReadOnly', target: { component: d.component, variable: d.variable } };
    });
  const unique = [...new Map(settings.map((s) => [s.name, s])).values()];
  async function request() {
    const id = Math.floor(Math.random() * 2 ** 30) + 1;
    if (await send(t('requestReport'), 'GetBaseReport', { requestId: id, reportBase: 'ConfigurationInventory' })) {
      setRequestId(id);
      setTimeout(reload, 1500);
    }
  }
  return (
    <div className="flex flex-col gap-3">
      <Button variant="outline" size="sm" className="self-start" disabled={pending !== undefined} onClick={() => void request()}>
        {t('requestReport')}
      </Button>
      <Result result={result} />
      {unique.length > 0 && (
        <SettingsTable
          settings={unique}
          pending={pending !== undefined}
          onSave={(s, value) => void send(t('set', { name: s.name }), 'SetVariables', { setVariableData: [{ ...s.target, attributeValue: value }] })}
        />
      )}
    </div>
  );
}

/** The charge point's configuration for its protocol. */
function Configuration({ chargePointId, protocol }: { chargePointId: string; protocol: string | null }) {
  const t = useTranslations('cpConfig');
  if (protocol === 'ocpp2.0.1') return <Configuration201 chargePointId={chargePointId} />;
  if (protocol === 'ocpp1.6') return <Configuration16 chargePointId={chargePointId} />;
  return <p className="text-sm text-muted-foreground">{t('notConnected')}</p>;
}

export { Configuration };
