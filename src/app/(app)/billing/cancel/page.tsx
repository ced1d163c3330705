import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { BillingSummary } from '@/components/billing/billing-summary';
import { PageHeading } from '@/components/site/page-heading';
import { TextLink } from '@/components/site/text-link';
import { getBillingOverview } from '@/server/billing/overview';
import { getUsageSummary } from '@/server/usage/summary';
import { requireSignedIn } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('billingCancel.title') };
}

export default async function CheckoutCanceledPage() {
  const user = await requireSignedIn('/billing');
  const tp = await getTranslations('pages');
  const t = await getTranslations('checkout');
  const [billing, usage] = await Promise.all([getBillingOverview(user), getUsageSummary(user)]);
  return (
    <>
      <PageHeading
        title={tp('billingCancel.title')}
        description={t.rich('canceled', { link: (chunks) => <TextLink href="/billing">{chunks}</TextLink> })}
      />
      <BillingSummary billing={billing} usage={usage} />
    </>
  );
}
