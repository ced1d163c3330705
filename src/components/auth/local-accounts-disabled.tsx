import { AuthCard } from './auth-card';
import { TextLink } from '@/components/site/text-link';

/** Shown on password and e-mail pages when sign-in goes through Supabase instead. */
function LocalAccountsDisabled({ title }: { title: string }) {
  return (
    <AuthCard
      title={title}
      description="This installation signs people in through Supabase, so it has no EVConduit passwords or confirmation links of its own."
      footer={<TextLink href="/signin">Go to sign-in</TextLink>}
    />
  );
}

export { LocalAccountsDisabled };
