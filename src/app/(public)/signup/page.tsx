import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { AuthCard } from '@/components/auth/auth-card';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { SupabaseSignIn } from '@/components/auth/supabase-sign-in';
import { TextLink } from '@/components/site/text-link';
import { getCurrentUser } from '@/server/auth/current-user';
import { getConfig } from '@/server/config';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect('/dashboard');

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
      title="Create an account"
      description="Link your vehicles and charge points, then use them from Home Assistant."
      footer={
        <>
          Already have an account? <TextLink href="/signin">Sign in</TextLink>
        </>
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
