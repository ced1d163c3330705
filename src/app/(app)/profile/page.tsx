import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { ChangePasswordForm } from '@/components/profile/change-password-form';
import { DeleteAccountDialog } from '@/components/profile/delete-account-dialog';
import { LanguageForm } from '@/components/profile/language-form';
import { ProfileForm } from '@/components/profile/profile-form';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getConfig } from '@/server/config';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('profile'))('title') };
}

export default async function ProfilePage() {
  const user = await requireSignedIn('/profile');
  const localAccounts = getConfig().auth.mode === 'local';
  const t = await getTranslations('profile');
  const tl = await getTranslations('language');
  return (
    <>
      <PageHeading title={t('title')} description={t('description')} />
      <div className="grid max-w-2xl gap-6">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('details')}</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <ProfileForm name={user.name} email={user.email} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{tl('title')}</h2>
            </CardTitle>
            <CardDescription>{tl('description')}</CardDescription>
          </CardHeader>
          <CardContent>
            <LanguageForm locale={user.locale} />
          </CardContent>
        </Card>
        {localAccounts && (
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>{t('password')}</h2>
              </CardTitle>
            </CardHeader>
            <CardContent>
              <ChangePasswordForm userInputs={[user.email, user.name ?? '']} />
            </CardContent>
          </Card>
        )}
        <Card className="border-destructive/40">
          <CardHeader>
            <CardTitle>
              <h2>{t('deleteTitle')}</h2>
            </CardTitle>
            <CardDescription>{t('deleteDescription')}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col">
            <DeleteAccountDialog />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
