import type { Metadata } from 'next';
import { CircleCheckIcon } from 'lucide-react';

import { BillingSummary } from '@/components/billing/billing-summary';
import { PageHeading } from '@/components/site/page-heading';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getBillingOverview } from '@/server/billing/overview';
import { refreshFromCheckout } from '@/server/billing/refresh';
import { getUserById } from '@/server/users/users';
import { getUsageSummary } from '@/server/usage/summary';
import { searchParam } from '../../../(public)/search-param';
import { requireSignedIn } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Payment received' };

export default async function CheckoutSuccessPage({ searchParams }: { searchParams: Promise<{ session_id?: string | string[] }> }) {
  const signedIn = await requireSignedIn('/billing');
  const sessionId = searchParam((await searchParams).session_id);
  // Stripe's webhook may still be on its way: ask Stripe directly so the new plan shows now.
  const checkout = sessionId ? await refreshFromCheckout(signedIn, sessionId).catch(() => undefined) : undefined;
  const user = (await getUserById(signedIn.id)) ?? signedIn;
  const [billing, usage] = await Promise.all([getBillingOverview(user), getUsageSummary(user)]);

  return (
    <>
      <PageHeading title="Thank you" description="Stripe has taken your payment details." />
      <Alert>
        <CircleCheckIcon aria-hidden="true" />
        <AlertTitle>{checkout?.status === 'complete' ? 'Payment complete' : 'Payment being confirmed'}</AlertTitle>
        <AlertDescription>
          {checkout?.mode === 'payment'
            ? 'Your tokens are added as soon as Stripe confirms the payment, usually within seconds.'
            : 'Your plan is below. '}
          <TextLink href="/billing">Back to billing</TextLink>
        </AlertDescription>
      </Alert>
      <BillingSummary billing={billing} usage={usage} />
    </>
  );
}
