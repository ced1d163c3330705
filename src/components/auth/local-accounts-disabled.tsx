import { useTranslations } from 'next-intl';

import { AuthCard } from './auth-card';
import { TextLink } from '@/components/site/text-link';

/** Shown on password and e-mail pages when sign-in goes through Supabase instead. */
function LocalAccountsDisabled({ title }: { title: string }) {
  const t = useTranslations('supabaseAuth');
  return (
    <AuthCard
      title={title}
      description={t('noLocalAccounts')}
      footer={<TextLink href="/signin">{t('goToSignIn')}</TextLink>}
    />
  );
}

export { LocalAccountsDisabled };
