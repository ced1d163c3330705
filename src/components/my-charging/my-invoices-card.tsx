import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { invoiceLabel } from '@/lib/invoice-label';
import type { presentInvoice } from '@/server/invoices/invoices';

type MyInvoice = ReturnType<typeof presentInvoice>;

/** The driver's own invoices and credit notes across sites, each linking to its detail and PDF. */
export function MyInvoicesCard({ invoices }: { invoices: MyInvoice[] }) {
  const t = useTranslations('myCharging');
  const ti = useTranslations('invoices');
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('myInvoices')}</h2>
        </CardTitle>
        <CardDescription>{t('myInvoicesHelp')}</CardDescription>
      </CardHeader>
      <CardContent>
        {invoices.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('noInvoices')}</p>
        ) : (
          <table className="w-full text-sm" aria-label={t('myInvoices')}>
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 font-medium">{t('colNumber')}</th>
                <th className="py-1 font-medium">{t('colMonth')}</th>
                <th className="py-1 text-right font-medium">{t('colTotal')}</th>
                <th className="py-1 font-medium">{t('colState')}</th>
                <th className="py-1 font-medium">
                  <span className="sr-only">PDF</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((i) => (
                <tr key={i.id} className="border-t">
                  <td className="py-1">
                    <Link className="underline" href={`/invoices/${i.id}`}>
                      {invoiceLabel(i)}
                    </Link>
                  </td>
                  <td className="py-1">{i.month}</td>
                  <td className="py-1 text-right">
                    {i.total} {i.currency}
                  </td>
                  <td className="py-1">
                    <Badge variant="outline">{ti('status', { status: i.status })}</Badge>
                  </td>
                  <td className="py-1 text-right">
                    <a className="underline" href={`/api/invoices/${i.id}/pdf`}>
                      PDF
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardContent>
    </Card>
  );
}
