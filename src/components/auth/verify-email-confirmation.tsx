'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import Link from 'next/link';
import { CircleCheckIcon, Loader2Icon } from 'lucide-react';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Confirms the address as soon as the page opens; the button retries (or confirms without the automatic try). */
function VerifyEmailConfirmation({ token }: { token: string }) {
  const t = useTranslations('auth');
  const { pending, error, run } = useApiAction();
  const [verified, setVerified] = React.useState(false);
  const attempted = React.useRef(false);

  const confirm = React.useCallback(async () => {
    attempted.current = true;
    const result = await run(() => callApi('POST', '/api/auth/verify-email', { token }));
    if (result.ok) setVerified(true);
  }, [run, token]);

  React.useEffect(() => {
    // Once per page view: the token is single-use, so a second automatic call would only fail.
    if (!attempted.current) void confirm();
  }, [confirm]);

  if (verified) {
    return (
      <div className="flex flex-col gap-4">
        <Alert>
          <CircleCheckIcon aria-hidden="true" />
          <AlertTitle>{t('confirmed')}</AlertTitle>
          <AlertDescription>{t('allSet')}</AlertDescription>
        </Alert>
        <Button asChild>
          <Link href="/dashboard">{t('goToDashboard')}</Link>
        </Button>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {pending && (
        <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
          <Loader2Icon className="size-4 animate-spin" aria-hidden="true" />
          {t('confirming')}
        </p>
      )}
      <FormError error={error} title={t('confirmFailed')} />
      {error?.code === 'invalid_token' ? (
        <p className="text-sm text-muted-foreground">{t.rich('needNewLink', { link: (chunks) => <TextLink href="/dashboard">{chunks}</TextLink> })}</p>
      ) : (
        <Button type="button" variant={error ? 'outline' : 'default'} disabled={pending} onClick={() => void confirm()}>
          {error ? t('tryAgain') : t('confirmMine')}
        </Button>
      )}
    </div>
  );
}

export { VerifyEmailConfirmation };
