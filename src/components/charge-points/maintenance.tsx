'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { DateTime } from '@/components/date-time';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { CommandButton } from './command-button';
import { firmwareConfirmation, type RunningSession } from './command-rules';
import { usePolled } from './use-polled';
import { useCommand } from './use-command';

export interface LocalListState {
  version: number;
  entries: number;
  sent_at: string | null;
  reported_version: number | null;
}
interface Operation {
  id: string;
  kind: 'firmware' | 'diagnostics';
  action: string;
  location: string;
  status: string;
  status_at: string;
  history: { status: string; at: string }[];
  file_name: string | null;
  uploaded: boolean;
  created_at: string;
}

interface Props {
  chargePointId: string;
  protocol: string | null;
  localList: LocalListState;
  /** Open sessions: a firmware update restarts the charge point. */
  sessions: RunningSession[];
  onDone: () => void;
}

/** Local authorization list, firmware update and diagnostics/log upload, with the operations' progress (polled). */
function Maintenance({ chargePointId, protocol, localList, sessions, onDone }: Props) {
  const t = useTranslations('cpMaintenance');
  const words = useTranslations('commands');
  const base = `/api/charge-points/${chargePointId}`;
  const [{ operations }, reloadOperations] = usePolled<{ operations: Operation[] }>(`${base}/operations`, { operations: [] }, 5_000);
  const done = React.useCallback(() => {
    onDone();
    reloadOperations();
  }, [onDone, reloadOperations]);
  const { pending, result, send } = useCommand(chargePointId, done);
  const [firmwareUrl, setFirmwareUrl] = React.useState('');
  const [uploadUrl, setUploadUrl] = React.useState('');
  const v201 = protocol === 'ocpp2.0.1';

  const button = (label: string, action: string, payload: Record<string, unknown> = {}, disabled = false) => (
    <Button variant="outline" size="sm" disabled={pending !== undefined || disabled} onClick={() => void send(label, action, payload)}>
      {pending === label ? `${label}…` : label}
    </Button>
  );
  const diagnostics = uploadUrl.trim() || undefined;
  const firmware = firmwareUrl.trim();

  return (
    <div className="flex flex-col gap-5 text-sm">
      <section aria-label={t('localList')} className="flex flex-col gap-2">
        <h3 className="font-medium">{t('localListHeading')}</h3>
        <p className="text-muted-foreground" data-testid="local-list-state">
          {localList.version > 0 ? t('listVersion', { version: localList.version, entries: localList.entries }) : t('noList')}
          {localList.sent_at && (
            <>
              {' '}
              {t.rich('sent', { time: () => <DateTime value={localList.sent_at!} /> })}
            </>
          )}
          {localList.reported_version !== null && ` ${t('reportedVersion', { version: localList.reported_version })}`}
        </p>
        <div className="flex flex-wrap gap-2">
          {button(t('sendFull'), 'SendLocalList', { updateType: 'Full' })}
          {button(t('sendChanges'), 'SendLocalList', { updateType: 'Differential' }, localList.version === 0)}
          {button(t('getVersion'), 'GetLocalListVersion')}
        </div>
      </section>

      <section aria-label={t('firmware')} className="flex flex-col gap-2">
        <Label htmlFor="firmware-url">{t('firmwareUrl')}</Label>
        <div className="flex gap-2">
          <Input id="firmware-url" value={firmwareUrl} onChange={(e) => setFirmwareUrl(e.target.value)} placeholder="https://…/firmware.bin" />
          <CommandButton
            label={words('label.updateFirmware')}
            busy={pending !== undefined}
            pending={pending === words('label.updateFirmware')}
            disabledReason={firmware ? null : t('firmwareUrlFirst')}
            confirm={firmwareConfirmation(words, firmware, sessions)}
            onSend={() => void send(words('label.updateFirmware'), 'UpdateFirmware', v201 ? { firmware: { location: firmware } } : { location: firmware })}
          />
        </div>
      </section>

      <section aria-label={t('diagnostics')} className="flex flex-col gap-2">
        <Label htmlFor="diagnostics-url">{t('uploadLocation')}</Label>
        <div className="flex gap-2">
          <Input id="diagnostics-url" value={uploadUrl} onChange={(e) => setUploadUrl(e.target.value)} placeholder={t('uploadPlaceholder')} />
          {v201
            ? button(t('getLog'), 'GetLog', { logType: 'DiagnosticsLog', log: diagnostics ? { remoteLocation: diagnostics } : {} })
            : button(t('getDiagnostics'), 'GetDiagnostics', diagnostics ? { location: diagnostics } : {})}
        </div>
      </section>

      <p role="status" className={result?.ok === false ? 'text-destructive' : ''} data-testid="maintenance-result">
        {result && `${result.label}: ${result.text}`}
      </p>

      <Table aria-label={t('operations')}>
        <TableHeader>
          <TableRow>
            <TableHead>{t('requested')}</TableHead>
            <TableHead>{t('what')}</TableHead>
            <TableHead>{t('status')}</TableHead>
            <TableHead>{t('file')}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {operations.length === 0 && (
            <TableRow>
              <TableCell colSpan={4} className="text-muted-foreground">
                {t('noOperations')}
              </TableCell>
            </TableRow>
          )}
          {operations.map((o) => (
            <TableRow key={o.id}>
              <TableCell className="text-xs">
                <DateTime value={o.created_at} />
              </TableCell>
              <TableCell className="text-xs" title={o.location}>
                {o.action}
              </TableCell>
              <TableCell className="text-xs" title={o.history.map((h) => h.status).join(' → ')} data-testid="operation-status">
                {o.status}
              </TableCell>
              <TableCell className="text-xs">
                {o.uploaded ? (
                  <a className="underline underline-offset-4" href={`${base}/operations/${o.id}/file`} download>
                    {o.file_name ?? t('download')}
                  </a>
                ) : (
                  (o.file_name ?? '–')
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export { Maintenance };
