import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AuthCard } from '@/components/auth/auth-card';
import { LocalAccountsDisabled } from '@/components/auth/local-accounts-disabled';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getConfig } from '@/server/config';
import { searchParam } from '../search-param';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('resetPassword.title') };
}

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const tp = await getTranslations('pages');
  const t = await getTranslations('auth');
  if (getConfig().auth.mode === 'supabase') return <LocalAccountsDisabled title={tp('resetPassword.title')} />;
  const token = searchParam((await searchParams).token);
  return (
    <AuthCard
      title={tp('resetPassword.title')}
      footer={
        <>{t.rich('linkExpired', { link: (chunks) => <TextLink href="/forgot-password">{chunks}</TextLink> })}</>
      }
    >
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert variant="destructive">
          <AlertTitle>{t('incomplete')}</AlertTitle>
          <AlertDescription>{t('incompleteReset')}</AlertDescription>
        </Alert>
      )}
    </AuthCard>
  );
}
