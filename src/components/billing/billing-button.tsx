'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

interface BillingButtonProps {
  /** A POST endpoint under /api/billing. */
  path: string;
  body?: unknown;
  label: string;
  pendingLabel?: string;
  variant?: 'default' | 'outline' | 'secondary';
}

/** Posts to a billing endpoint; goes to the `url` it answers with (Stripe Checkout, portal) or refreshes the page. */
function BillingButton({ path, body, label, pendingLabel, variant = 'default' }: BillingButtonProps) {
  const t = useTranslations('billingButton');
  const router = useRouter();
  const { pending, error, run } = useApiAction();

  async function go() {
    const result = await run(() => callApi<{ url?: string }>('POST', path, body));
    if (!result.ok) return;
    if (result.data.url) window.location.assign(result.data.url);
    else router.refresh();
  }

  return (
    <div className="flex flex-col gap-2">
      <Button variant={variant} disabled={pending} onClick={() => void go()}>
        {pending ? (pendingLabel ?? t('opening')) : label}
      </Button>
      <FormError error={error} title={t('failed')} />
    </div>
  );
}

export { BillingButton };
