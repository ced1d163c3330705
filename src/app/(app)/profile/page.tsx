import type { Metadata } from 'next';

import { ChangePasswordForm } from '@/components/profile/change-password-form';
import { DeleteAccountDialog } from '@/components/profile/delete-account-dialog';
import { ProfileForm } from '@/components/profile/profile-form';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getConfig } from '@/server/config';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const user = await requireSignedIn('/profile');
  const localAccounts = getConfig().auth.mode === 'local';
  return (
    <>
      <PageHeading title="Profile" description="Your name, your password, and your account." />
      <div className="grid max-w-2xl gap-6">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Your details</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <ProfileForm name={user.name} email={user.email} />
          </CardContent>
        </Card>
        {localAccounts && (
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>Password</h2>
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
              <h2>Delete account</h2>
            </CardTitle>
            <CardDescription>Removes your account and everything linked to it. There is no undo.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col">
            <DeleteAccountDialog />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
