'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { DateTime } from '@/components/date-time';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';

export interface PushTargetView {
  id: string;
  webhook_id: string;
  external_url: string;
  /** The vehicle's or charge point's name. */
  subject_name: string;
  is_enabled: boolean;
  disabled_reason: string | null;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  success_rate: number | null;
}

interface TestResult {
  delivered: boolean;
  response_status: number | null;
  error: string | null;
}

/** Where Home Assistant receives pushes: health per target, and test, pause, resume, remove. */
function PushTargetsTable({ targets }: { targets: PushTargetView[] }) {
  const router = useRouter();
  const t = useTranslations('haPush');
  const [busy, setBusy] = React.useState<string>();

  async function act(target: PushTargetView, action: 'test' | 'toggle' | 'remove') {
    setBusy(target.id);
    try {
      if (action === 'test') {
        const result = await callApi<TestResult>('POST', `/api/push-targets/${target.id}/test`);
        if (!result.ok) toast.error(result.error.detail);
        else if (result.data.delivered) toast.success(t('testOk'));
        else toast.error(t('testFailed', { reason: result.data.error ?? t('http', { status: String(result.data.response_status) }) }));
      } else {
        const result =
          action === 'toggle'
            ? await callApi('PATCH', `/api/push-targets/${target.id}`, { is_enabled: !target.is_enabled })
            : await callApi('DELETE', `/api/push-targets/${target.id}`);
        if (!result.ok) toast.error(result.error.detail);
      }
      router.refresh();
    } finally {
      setBusy(undefined);
    }
  }

  if (targets.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {t('none')}
      </p>
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{t('subject')}</TableHead>
          <TableHead>{t('ha')}</TableHead>
          <TableHead>{t('success')}</TableHead>
          <TableHead>{t('lastSuccess')}</TableHead>
          <TableHead>{t('lastError')}</TableHead>
          <TableHead className="sr-only">{t('actions')}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {targets.map((target) => (
          <TableRow key={target.id}>
            <TableCell wrap className="font-medium">
              {target.subject_name}
              {!target.is_enabled && (
                <Badge variant="destructive" className="ml-2">
                  {t('off')}
                </Badge>
              )}
              {target.disabled_reason && <p className="text-xs text-muted-foreground">{target.disabled_reason}</p>}
            </TableCell>
            <TableCell className="max-w-48 truncate font-mono text-xs" title={target.external_url}>
              {target.external_url}
            </TableCell>
            <TableCell>{target.success_rate === null ? '—' : t('percent', { value: Math.round(target.success_rate * 100) })}</TableCell>
            <TableCell>{target.last_success_at ? <DateTime value={target.last_success_at} /> : t('never')}</TableCell>
            <TableCell className="max-w-64 text-xs">
              {target.last_error_at ? (
                <>
                  <DateTime value={target.last_error_at} />
                  <p className="text-muted-foreground">{target.last_error}</p>
                </>
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell className="space-x-2 text-right whitespace-nowrap">
              <Button size="sm" variant="outline" disabled={busy === target.id} onClick={() => void act(target, 'test')}>
                {t('sendTest')}
              </Button>
              <Button size="sm" variant="outline" disabled={busy === target.id} onClick={() => void act(target, 'toggle')}>
                {target.is_enabled ? t('pause') : t('resume')}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={busy === target.id}
                aria-label={t('removeNamed', { name: target.subject_name })}
                onClick={() => void act(target, 'remove')}
              >
                {t('remove')}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export { PushTargetsTable };
