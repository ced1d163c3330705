import { ClockIcon, MailWarningIcon } from 'lucide-react';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { ResendVerificationButton } from './resend-verification-button';

interface AccountBannersProps {
  email: string;
  emailVerified: boolean;
  awaitingApproval: boolean;
}

/** Notices about the account itself: an unconfirmed e-mail address, a pending approval. */
function AccountBanners({ email, emailVerified, awaitingApproval }: AccountBannersProps) {
  if (emailVerified && !awaitingApproval) return null;
  return (
    <div className="flex flex-col gap-3">
      {!emailVerified && (
        <Alert role="status">
          <MailWarningIcon aria-hidden="true" />
          <AlertTitle>Please confirm your e-mail address</AlertTitle>
          <AlertDescription>
            <p>
              We sent a confirmation link to <span className="font-medium text-foreground">{email}</span>. Until you
              open it, you cannot create API keys, add charge points or link vehicles.
            </p>
            <ResendVerificationButton />
          </AlertDescription>
        </Alert>
      )}
      {awaitingApproval && (
        <Alert role="status">
          <ClockIcon aria-hidden="true" />
          <AlertTitle>Your account is waiting for approval</AlertTitle>
          <AlertDescription>
            An administrator has to approve new accounts. Until then you can look around, but not add charge points
            or API keys.
          </AlertDescription>
        </Alert>
      )}
    </div>
  );
}

export { AccountBanners };
