import type { Metadata } from 'next';

import { AuthCard } from '@/components/auth/auth-card';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';
import { LocalAccountsDisabled } from '@/components/auth/local-accounts-disabled';
import { TextLink } from '@/components/site/text-link';
import { getConfig } from '@/server/config';

export const metadata: Metadata = { title: 'Forgot your password?' };

export default function ForgotPasswordPage() {
  if (getConfig().auth.mode === 'supabase') return <LocalAccountsDisabled title="Forgot your password?" />;
  return (
    <AuthCard
      title="Forgot your password?"
      description="Enter your e-mail address and we will send you a link to choose a new one."
      footer={
        <>
          Remembered it? <TextLink href="/signin">Sign in</TextLink>
        </>
      }
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
