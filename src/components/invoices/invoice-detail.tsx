'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';
import { InvoiceStatusBadge, type InvoiceSummary } from './invoices-card';

interface Detail extends InvoiceSummary {
  time_zone: string;
  net: string;
  vat: string;
  vat_rate_percent: string;
  issued_at: string;
  credits_invoice_id: string | null;
  seller: { site_name: string; legal_name: string | null; legal_address: string | null; vat_id: string | null };
  lines: { transaction_id: string; charge_point: string; id_tag: string; started_at: string; stopped_at: string | null; periods: { price_per_kwh: string; energy_kwh: string; amount: string }[] }[];
}

/** Local time of the site, as on the PDF (English as en-GB: "6 Dec 2026, 17:10"). */
const local = (iso: string | null, timeZone: string, locale: string, running: string) =>
  iso ? new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : running;

/** An invoice's seller, lines and totals, with its PDF and (owner, manager) its state. */
export function InvoiceDetail({ invoice, canManage }: { invoice: Detail; canManage: boolean }) {
  const router = useRouter();
  const t = useTranslations('invoices');
  const locale = useLocale();
  const [busy, setBusy] = React.useState(false);
  async function act(action: 'paid' | 'open' | 'void' | 'credit') {
    setBusy(true);
    const response =
      action === 'credit' ? await callApi<{ id: string }>('POST', `/api/invoices/${invoice.id}/credit-note`) : await callApi('PATCH', `/api/invoices/${invoice.id}`, { status: action });
    setBusy(false);
    if (!response.ok) return toast.error(response.error.detail);
    toast.success(action === 'credit' ? t('creditIssued') : t('marked', { status: action }));
    if (action === 'credit') router.push(`/invoices/${(response.data as { id: string }).id}`);
    else router.refresh();
  }
  const cur = invoice.currency;
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div className="flex flex-wrap items-center gap-2">
        <InvoiceStatusBadge status={invoice.status} />
        <Button variant="outline" asChild>
          <a href={`/api/invoices/${invoice.id}/pdf`}>{t('downloadPdf')}</a>
        </Button>
        {canManage && invoice.status === 'open' && (
          <Button disabled={busy} onClick={() => act('paid')}>
            {t('markPaid')}
          </Button>
        )}
        {canManage && invoice.status === 'paid' && (
          <Button variant="outline" disabled={busy} onClick={() => act('open')}>
            {t('markOpen')}
          </Button>
        )}
        {canManage && invoice.status !== 'void' && (
          <Button variant="outline" disabled={busy} onClick={() => act('void')}>
            {t('void')}
          </Button>
        )}
        {canManage && invoice.kind === 'invoice' && invoice.status !== 'void' && (
          <Button variant="outline" disabled={busy} onClick={() => act('credit')}>
            {t('issueCredit')}
          </Button>
        )}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('fromTo')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <div className="font-medium">{invoice.seller.legal_name ?? invoice.seller.site_name}</div>
            {invoice.seller.legal_address && <div className="whitespace-pre-line">{invoice.seller.legal_address}</div>}
            {invoice.seller.vat_id && <div>{t('vatIdLine', { id: invoice.seller.vat_id })}</div>}
          </div>
          <div>
            <div className="font-medium">{invoice.recipient.name}</div>
            {invoice.recipient.email && <div>{invoice.recipient.email}</div>}
            <div className="text-muted-foreground">
              {t('emailLine', { status: invoice.email.status })}
              {invoice.email.error ? ` (${invoice.email.error})` : ''}
            </div>
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('sessions')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <Table aria-label={t('sessions')}>
            <TableHeader>
              <TableRow>
                <TableHead>{t('colSession', { timeZone: invoice.time_zone })}</TableHead>
                <TableHead>{t('colChargePointTag')}</TableHead>
                <TableHead className="text-right">{t('energy')}</TableHead>
                <TableHead className="text-right">{t('price')}</TableHead>
                <TableHead className="text-right">{t('amount')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invoice.lines.flatMap((line) =>
                line.periods.map((p, i) => (
                  <TableRow key={`${line.transaction_id}:${i}`}>
                    <TableCell>{i === 0 ? `${local(line.started_at, invoice.time_zone, locale, t('running'))} – ${local(line.stopped_at, invoice.time_zone, locale, t('running'))}` : ''}</TableCell>
                    <TableCell>{i === 0 ? `${line.charge_point}, ${line.id_tag}` : ''}</TableCell>
                    <TableCell className="text-right">{p.energy_kwh} kWh</TableCell>
                    <TableCell className="text-right">
                      {p.price_per_kwh} {cur}/kWh
                    </TableCell>
                    <TableCell className="text-right">
                      {p.amount} {cur}
                    </TableCell>
                  </TableRow>
                )),
              )}
            </TableBody>
          </Table>
          <dl className="mt-4 ml-auto grid max-w-xs grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
            <dt>{t('energy')}</dt>
            <dd className="text-right">{invoice.energy_kwh} kWh</dd>
            <dt>{t('net')}</dt>
            <dd className="text-right">
              {invoice.net} {cur}
            </dd>
            <dt>{t('vatLine', { rate: invoice.vat_rate_percent })}</dt>
            <dd className="text-right">
              {invoice.vat} {cur}
            </dd>
            <dt className="font-medium">{t('total')}</dt>
            <dd className="text-right font-medium" data-testid="invoice-total">
              {invoice.total} {cur}
            </dd>
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
