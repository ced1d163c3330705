import { getTranslations } from 'next-intl/server';
import { ClockIcon, MailWarningIcon } from 'lucide-react';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { ResendVerificationButton } from './resend-verification-button';

interface AccountBannersProps {
  email: string;
  emailVerified: boolean;
  awaitingApproval: boolean;
}

/** Notices about the account itself: an unconfirmed e-mail address, a pending approval. */
async function AccountBanners({ email, emailVerified, awaitingApproval }: AccountBannersProps) {
  if (emailVerified && !awaitingApproval) return null;
  const t = await getTranslations('banners');
  return (
    <div className="flex flex-col gap-3">
      {!emailVerified && (
        <Alert role="status">
          <MailWarningIcon aria-hidden="true" />
          <AlertTitle>{t('confirmTitle')}</AlertTitle>
          <AlertDescription>
            <p>
              {t.rich('confirmBody', { email, b: (chunks) => <span className="font-medium text-foreground">{chunks}</span> })}
            </p>
            <ResendVerificationButton />
          </AlertDescription>
        </Alert>
      )}
      {awaitingApproval && (
        <Alert role="status">
          <ClockIcon aria-hidden="true" />
          <AlertTitle>{t('approvalTitle')}</AlertTitle>
          <AlertDescription>
            {t('approvalBody')}
          </AlertDescription>
        </Alert>
      )}
    </div>
  );
}

export { AccountBanners };
