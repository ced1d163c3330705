import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';

import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { SupabaseSignIn } from '@/components/auth/supabase-sign-in';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getCurrentUser } from '@/server/auth/current-user';
import { safeRedirectPath } from '@/server/auth/supabase';
import { getConfig } from '@/server/config';
import { LINK_CALLBACK_PATH } from '@/server/vehicles/linking';
import { searchParam } from '../search-param';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('signIn.title') };
}

interface SignInPageProps {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const t = await getTranslations('auth');
  const next = safeRedirectPath(searchParam(params.next) ?? null);
  if (await getCurrentUser()) redirect(next);

  const { auth, appUrl } = getConfig();
  if (auth.mode === 'supabase') {
    const callbackError = searchParam(params.error);
    return (
      <div className="flex w-full max-w-sm flex-col gap-4">
        {callbackError && (
          <Alert variant="destructive">
            <AlertTitle>{t('signInFailed')}</AlertTitle>
            <AlertDescription>{callbackError}</AlertDescription>
          </Alert>
        )}
        <SupabaseSignIn
          supabaseUrl={auth.url}
          supabaseAnonKey={auth.anonKey}
          redirectTo={`${appUrl}/auth/callback?next=${encodeURIComponent(next)}`}
          providers={auth.oauthProviders ?? []}
        />
      </div>
    );
  }

  return (
    <AuthCard
      title={t('signInTitle')}
      description={
        // Back from Enode on a host without this browser's session: the link finishes after signing in.
        next.startsWith(LINK_CALLBACK_PATH)
          ? t('signInToLink')
          : t('welcomeBack')
      }
      footer={
        <>{t.rich('noAccount', { link: (chunks) => <TextLink href="/signup">{chunks}</TextLink> })}</>
      }
    >
      <SignInForm next={next} />
    </AuthCard>
  );
}
