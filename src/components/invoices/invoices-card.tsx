'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { invoiceLabel } from '@/lib/invoice-label';
import Link from 'next/link';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';

export interface InvoiceSummary {
  id: string;
  number: number;
  kind: 'invoice' | 'credit_note';
  month: string;
  recipient: { name: string; email: string | null };
  currency: string;
  energy_kwh: string;
  total: string;
  status: 'open' | 'paid' | 'void';
  email: { status: string; error: string | null };
}

interface IssueResult {
  issued: InvoiceSummary[];
  already_issued: number;
  unassigned: { transaction_id: string; id_tag: string; energy_kwh: string }[];
  unpriced: { transaction_id: string; id_tag: string; energy_kwh: string }[];
}


const noopSubscribe = () => () => {};

/** The last month that has ended, in the browser's time (the server checks the site's). */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function InvoiceStatusBadge({ status }: { status: InvoiceSummary['status'] }) {
  const t = useTranslations('invoices');
  return <Badge variant={status === 'paid' ? 'default' : status === 'void' ? 'outline' : 'secondary'}>{t('status', { status })}</Badge>;
}

/**
 * A site's invoices by month: issue the month (owner and managers), the list
 * with state and actions, downloads (PDF, the month's CSV, the ZEV hand-over).
 * A driver sees only their own invoices.
 */
export function InvoicesCard({ siteId, timeZone, canManage }: { siteId: string; timeZone: string; canManage: boolean }) {
  const t = useTranslations('invoices');
  const defaultMonth = React.useSyncExternalStore(noopSubscribe, lastMonth, () => '');
  const [picked, setMonth] = React.useState<string | null>(null);
  const month = picked ?? defaultMonth;
  const [list, setList] = React.useState<InvoiceSummary[] | null>(null);
  const [version, setVersion] = React.useState(0);
  const [result, setResult] = React.useState<IssueResult | null>(null);
  const { pending, error, run } = useApiAction();
  const load = () => setVersion((v) => v + 1);

  React.useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(month)) return;
    let live = true;
    void callApi<{ invoices: InvoiceSummary[] }>('GET', `/api/sites/${siteId}/invoices?month=${month}`).then((response) => {
      if (live && response.ok) setList(response.data.invoices);
    });
    return () => {
      live = false;
    };
  }, [month, siteId, version]);

  async function issue(event: React.FormEvent) {
    event.preventDefault();
    setResult(null);
    const response = await run(() => callApi<IssueResult>('POST', `/api/sites/${siteId}/invoices`, { month }));
    if (response.ok) {
      setResult(response.data);
      toast.success(response.data.issued.length === 0 ? t('nothingNew', { month }) : t('issuedToast', { count: response.data.issued.length, month }));
      load();
    }
  }

  async function act(invoice: InvoiceSummary, action: 'paid' | 'void' | 'open' | 'credit') {
    const response =
      action === 'credit'
        ? await callApi('POST', `/api/invoices/${invoice.id}/credit-note`)
        : await callApi('PATCH', `/api/invoices/${invoice.id}`, { status: action });
    if (response.ok) toast.success(action === 'credit' ? t('creditIssuedFor', { number: invoiceLabel(invoice) }) : t('nowStatus', { number: invoiceLabel(invoice), status: action }));
    else toast.error(response.error.detail);
    load();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('title')}</h2>
        </CardTitle>
        <CardDescription>
          {t('help', { timeZone })}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <form onSubmit={issue} noValidate className="flex flex-wrap items-end gap-3" aria-label={t('issueForm')}>
          <div className="grid gap-2">
            <Label htmlFor={`invoice-month-${siteId}`}>{t('month')}</Label>
            <Input id={`invoice-month-${siteId}`} type="month" value={month} onChange={(e) => setMonth(e.target.value)} className="w-44" />
          </div>
          {canManage && (
            <Button type="submit" disabled={pending}>
              {pending ? t('issuing') : t('issueForm')}
            </Button>
          )}
          {canManage && /^\d{4}-\d{2}$/.test(month) && (
            <>
              <Button variant="outline" asChild>
                <a href={`/api/sites/${siteId}/invoices.csv?month=${month}`}>{t('monthCsv')}</a>
              </Button>
              <Button variant="outline" asChild>
                <a href={`/api/sites/${siteId}/zev.csv?month=${month}`}>{t('zev')}</a>
              </Button>
            </>
          )}
        </form>
        <FormError error={error} fields={['month']} title={t('issueFailed')} />
        {result && (
          <div role="status" className="rounded-md border p-3 text-sm">
            <p>{t('issuedSummary', { issued: result.issued.length, already: result.already_issued })}</p>
            {result.unassigned.length > 0 && (
              <p>{t('unassigned', { list: result.unassigned.map((u) => `${u.id_tag || t('noTag')} (${u.energy_kwh} kWh)`).join(', ') })}</p>
            )}
            {result.unpriced.length > 0 && <p>{t('unpriced', { list: result.unpriced.map((u) => `${u.id_tag} (${u.energy_kwh} kWh)`).join(', ') })}</p>}
          </div>
        )}
        {list && list.length === 0 && <p className="text-sm text-muted-foreground">{t('noneFor', { month })}</p>}
        {list && list.length > 0 && (
          <Table aria-label={t('tableLabel', { month })}>
            <TableHeader>
              <TableRow>
                <TableHead>{t('number')}</TableHead>
                <TableHead>{t('billedTo')}</TableHead>
                <TableHead className="text-right">{t('energy')}</TableHead>
                <TableHead className="text-right">{t('total')}</TableHead>
                <TableHead>{t('state')}</TableHead>
                <TableHead>{t('actions')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((i) => (
                <TableRow key={i.id}>
                  <TableCell>
                    <Link href={`/invoices/${i.id}`} className="underline">
                      {invoiceLabel(i)}
                    </Link>
                  </TableCell>
                  <TableCell className="break-words">{i.recipient.name}</TableCell>
                  <TableCell className="text-right">{i.energy_kwh} kWh</TableCell>
                  <TableCell className="text-right">
                    {i.total} {i.currency}
                  </TableCell>
                  <TableCell>
                    <InvoiceStatusBadge status={i.status} />
                  </TableCell>
                  <TableCell className="flex flex-wrap gap-1">
                    <Button variant="ghost" size="sm" asChild>
                      <a href={`/api/invoices/${i.id}/pdf`}>PDF</a>
                    </Button>
                    {canManage && i.status === 'open' && (
                      <Button variant="ghost" size="sm" onClick={() => act(i, 'paid')}>
                        {t('markPaid')}
                      </Button>
                    )}
                    {canManage && i.status !== 'void' && (
                      <Button variant="ghost" size="sm" onClick={() => act(i, 'void')}>
                        {t('void')}
                      </Button>
                    )}
                    {canManage && i.kind === 'invoice' && i.status !== 'void' && (
                      <Button variant="ghost" size="sm" onClick={() => act(i, 'credit')}>
                        {t('creditNote')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
