import type { Metadata } from 'next';

import { BillingSummary } from '@/components/billing/billing-summary';
import { PageHeading } from '@/components/site/page-heading';
import { TextLink } from '@/components/site/text-link';
import { getBillingOverview } from '@/server/billing/overview';
import { getUsageSummary } from '@/server/usage/summary';
import { requireSignedIn } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Checkout canceled' };

export default async function CheckoutCanceledPage() {
  const user = await requireSignedIn('/billing');
  const [billing, usage] = await Promise.all([getBillingOverview(user), getUsageSummary(user)]);
  return (
    <>
      <PageHeading
        title="Checkout canceled"
        description={
          <>
            Nothing was charged and your plan is unchanged. <TextLink href="/billing">Back to billing</TextLink>
          </>
        }
      />
      <BillingSummary billing={billing} usage={usage} />
    </>
  );
}
