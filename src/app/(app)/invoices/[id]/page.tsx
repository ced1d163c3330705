import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';

import { InvoiceDetail } from '@/components/invoices/invoice-detail';
import { PageHeading } from '@/components/site/page-heading';
import { siteRole } from '@/server/chargers/site-access';
import { AppError } from '@/server/http/errors';
import { invoiceLabel } from '@/lib/invoice-label';
import { getInvoice, presentInvoiceDetail } from '@/server/invoices/invoices';
import { requireSignedIn } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('invoices'))('invoiceTitle') };
}

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireSignedIn(`/invoices/${id}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const invoice = await getInvoice(user.id, id).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  });
  const t = await getTranslations('invoices');
  const role = (await siteRole(user.id, invoice.siteId))?.role;
  return (
    <>
      <PageHeading
        title={t('heading', { kind: invoice.kind, number: invoiceLabel(invoice) })}
        description={`${invoice.seller.site_name}, ${invoice.month} (${invoice.timeZone})`}
      />
      <InvoiceDetail invoice={presentInvoiceDetail(invoice)} canManage={role === 'owner' || role === 'manager'} />
    </>
  );
}
