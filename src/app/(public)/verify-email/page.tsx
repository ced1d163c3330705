import type { Metadata } from 'next';

import { AuthCard } from '@/components/auth/auth-card';
import { LocalAccountsDisabled } from '@/components/auth/local-accounts-disabled';
import { VerifyEmailConfirmation } from '@/components/auth/verify-email-confirmation';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getConfig } from '@/server/config';
import { searchParam } from '../search-param';

export const metadata: Metadata = { title: 'Confirm your e-mail address' };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  if (getConfig().auth.mode === 'supabase') return <LocalAccountsDisabled title="Confirm your e-mail address" />;
  const token = searchParam((await searchParams).token);
  return (
    <AuthCard title="Confirm your e-mail address">
      {token ? (
        <VerifyEmailConfirmation token={token} />
      ) : (
        <Alert variant="destructive">
          <AlertTitle>This link is incomplete</AlertTitle>
          <AlertDescription>Open the link from the e-mail again. Signed in, you can ask for a new one.</AlertDescription>
        </Alert>
      )}
    </AuthCard>
  );
}
