import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
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

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('billingSuccess.meta') };
}

export default async function CheckoutSuccessPage({ searchParams }: { searchParams: Promise<{ session_id?: string | string[] }> }) {
  const tp = await getTranslations('pages');
  const t = await getTranslations('checkout');
  const signedIn = await requireSignedIn('/billing');
  const sessionId = searchParam((await searchParams).session_id);
  // Stripe's webhook may still be on its way: ask Stripe directly so the new plan shows now.
  const checkout = sessionId ? await refreshFromCheckout(signedIn, sessionId).catch(() => undefined) : undefined;
  const user = (await getUserById(signedIn.id)) ?? signedIn;
  const [billing, usage] = await Promise.all([getBillingOverview(user), getUsageSummary(user)]);

  return (
    <>
      <PageHeading title={tp('billingSuccess.title')} description={tp('billingSuccess.description')} />
      <Alert>
        <CircleCheckIcon aria-hidden="true" />
        <AlertTitle>{checkout?.status === 'complete' ? t('complete') : t('confirming')}</AlertTitle>
        <AlertDescription>
          {checkout?.mode === 'payment' ? t('tokensSoon') : t('planBelow')}
          <TextLink href="/billing">{t('back')}</TextLink>
        </AlertDescription>
      </Alert>
      <BillingSummary billing={billing} usage={usage} />
    </>
  );
}
