'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Sends a fresh confirmation e-mail and says how it went in a toast. */
function ResendVerificationButton() {
  const [pending, setPending] = React.useState(false);
  const t = useTranslations('banners');

  async function resend() {
    setPending(true);
    const result = await callApi('POST', '/api/auth/resend-verification');
    setPending(false);
    if (result.ok) toast.success(t('resent'));
    else toast.error(result.error.detail);
  }

  return (
    <Button type="button" variant="outline" size="sm" className="mt-1" disabled={pending} onClick={() => void resend()}>
      {pending ? t('sending') : t('sendNewLink')}
    </Button>
  );
}

export { ResendVerificationButton };
