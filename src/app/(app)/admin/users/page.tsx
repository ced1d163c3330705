import type { Metadata } from 'next';

import { UsersTable } from '@/components/admin/users-table';
import { ForbiddenNotice } from '@/components/site/forbidden-notice';
import { PageHeading } from '@/components/site/page-heading';
import { TextLink } from '@/components/site/text-link';
import { Card, CardContent } from '@/components/ui/card';
import { presentUser } from '@/server/users/present';
import { listUsers } from '@/server/users/users';
import { requireSignedIn } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Users' };

export default async function AdminUsersPage() {
  const user = await requireSignedIn('/admin/users');
  if (user.role !== 'admin') {
    return (
      <ForbiddenNotice
        title="Administrators only"
        reason={`You are signed in as ${user.email}, which is not an administrator account.`}
      />
    );
  }
  const users = (await listUsers()).map((u) => presentUser(u));
  return (
    <>
      <PageHeading
        title="Users"
        description={
          <>
            Approve new accounts, choose who administers, and set plans. Stripe prices and events:{' '}
            <TextLink href="/admin/billing">Billing</TextLink>.
          </>
        }
      />
      <Card>
        <CardContent>
          <UsersTable users={users} currentUserId={user.id} />
        </CardContent>
      </Card>
    </>
  );
}
