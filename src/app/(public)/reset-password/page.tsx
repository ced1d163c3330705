import type { Metadata } from 'next';

import { AuthCard } from '@/components/auth/auth-card';
import { LocalAccountsDisabled } from '@/components/auth/local-accounts-disabled';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getConfig } from '@/server/config';
import { searchParam } from '../search-param';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  if (getConfig().auth.mode === 'supabase') return <LocalAccountsDisabled title="Choose a new password" />;
  const token = searchParam((await searchParams).token);
  return (
    <AuthCard
      title="Choose a new password"
      footer={
        <>
          Link expired? <TextLink href="/forgot-password">Request a new one</TextLink>
        </>
      }
    >
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert variant="destructive">
          <AlertTitle>This link is incomplete</AlertTitle>
          <AlertDescription>Open the link from the e-mail again, or request a new one.</AlertDescription>
        </Alert>
      )}
    </AuthCard>
  );
}
