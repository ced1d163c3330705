import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AuthCard } from '@/components/auth/auth-card';
import { AcceptInvitation } from '@/components/members/accept-invitation';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getCurrentUser } from '@/server/auth/current-user';
import { describeInvitation } from '@/server/chargers/members';
import { searchParam } from '../search-param';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('invitation'))('title') };
}

/** The link from an invitation mail: who invited to what, then sign in or sign up with the invited address and accept. */
export default async function InvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const t = await getTranslations('invitation');
  const token = searchParam((await searchParams).token);
  const invitation = token ? await describeInvitation(token) : null;
  if (!token || !invitation) {
    return (
      <AuthCard title={t('title')}>
        <Alert variant="destructive">
          <AlertTitle>{t('brokenTitle')}</AlertTitle>
          <AlertDescription>{t('brokenBody')}</AlertDescription>
        </Alert>
      </AuthCard>
    );
  }
  const user = await getCurrentUser();
  const here = `/invitation?token=${encodeURIComponent(token)}`;
  return (
    <AuthCard
      title={t('join', { site: invitation.site_name })}
      description={invitation.role === 'manager' ? t('asManager', { site: invitation.site_name }) : t('asDriver', { site: invitation.site_name })}
    >
      {user && user.email.toLowerCase() === invitation.email.toLowerCase() ? (
        <AcceptInvitation token={token} role={invitation.role} />
      ) : user ? (
        <Alert variant="destructive">
          <AlertTitle>{t('otherUserTitle', { email: invitation.email })}</AlertTitle>
          <AlertDescription>{t('otherUserBody', { user: user.email, email: invitation.email })}</AlertDescription>
        </Alert>
      ) : (
        <div className="flex flex-col gap-2 text-sm">
          <p>{t.rich('forEmail', { email: invitation.email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
          <p>{t.rich('haveAccount', { link: (chunks) => <TextLink href={`/signin?next=${encodeURIComponent(here)}`}>{chunks}</TextLink> })}</p>
          <p>{t.rich('newHere', { email: invitation.email, link: (chunks) => <TextLink href="/signup">{chunks}</TextLink> })}</p>
        </div>
      )}
    </AuthCard>
  );
}
