import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AuthCard } from '@/components/auth/auth-card';
import { LocalAccountsDisabled } from '@/components/auth/local-accounts-disabled';
import { VerifyEmailConfirmation } from '@/components/auth/verify-email-confirmation';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getConfig } from '@/server/config';
import { searchParam } from '../search-param';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('verifyEmail.title') };
}

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const tp = await getTranslations('pages');
  const t = await getTranslations('auth');
  if (getConfig().auth.mode === 'supabase') return <LocalAccountsDisabled title={tp('verifyEmail.title')} />;
  const token = searchParam((await searchParams).token);
  return (
    <AuthCard title={tp('verifyEmail.title')}>
      {token ? (
        <VerifyEmailConfirmation token={token} />
      ) : (
        <Alert variant="destructive">
          <AlertTitle>{t('incomplete')}</AlertTitle>
          <AlertDescription>{t('incompleteVerify')}</AlertDescription>
        </Alert>
      )}
    </AuthCard>
  );
}
