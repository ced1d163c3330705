import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { UsersTable } from '@/components/admin/users-table';
import { AdminNav } from '@/components/admin/admin-nav';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent } from '@/components/ui/card';
import { listUsersForAdmin } from '@/server/users/admin-list';
import { requireAdmin } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('adminUsers.title') };
}

export default async function AdminUsersPage() {
  const tp = await getTranslations('pages');
  const user = await requireAdmin('/admin/users');
  const users = await listUsersForAdmin();
  return (
    <>
      <PageHeading title={tp('adminUsers.title')} description={tp('adminUsers.description')} />
      <AdminNav current="/admin/users" />
      <Card>
        <CardContent>
          <UsersTable users={users} currentUserId={user.id} />
        </CardContent>
      </Card>
    </>
  );
}
