import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AuthCard } from '@/components/auth/auth-card';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';
import { LocalAccountsDisabled } from '@/components/auth/local-accounts-disabled';
import { TextLink } from '@/components/site/text-link';
import { getConfig } from '@/server/config';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('forgotPassword.title') };
}

export default async function ForgotPasswordPage() {
  const tp = await getTranslations('pages');
  const t = await getTranslations('auth');
  if (getConfig().auth.mode === 'supabase') return <LocalAccountsDisabled title={tp('forgotPassword.title')} />;
  return (
    <AuthCard
      title={tp('forgotPassword.title')}
      description={t('forgotDescription')}
      footer={
        <>{t.rich('remembered', { link: (chunks) => <TextLink href="/signin">{chunks}</TextLink> })}</>
      }
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
