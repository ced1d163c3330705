import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';

import { AuthCard } from '@/components/auth/auth-card';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { SupabaseSignIn } from '@/components/auth/supabase-sign-in';
import { TextLink } from '@/components/site/text-link';
import { getCurrentUser } from '@/server/auth/current-user';
import { getConfig } from '@/server/config';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('signUp.title') };
}

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect('/dashboard');
  const t = await getTranslations('auth');

  const { auth, appUrl } = getConfig();
  if (auth.mode === 'supabase') {
    // Supabase creates the account on the first sign-in.
    return (
      <SupabaseSignIn
        supabaseUrl={auth.url}
        supabaseAnonKey={auth.anonKey}
        redirectTo={`${appUrl}/auth/callback`}
        providers={auth.oauthProviders ?? []}
      />
    );
  }

  return (
    <AuthCard
      title={t('signUpTitle')}
      description={t('signUpDescription')}
      footer={
        <>{t.rich('haveAccount', { link: (chunks) => <TextLink href="/signin">{chunks}</TextLink> })}</>
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
