import type { Metadata } from 'next';

import { UsersTable } from '@/components/admin/users-table';
import { AdminNav } from '@/components/admin/admin-nav';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent } from '@/components/ui/card';
import { listUsersForAdmin } from '@/server/users/admin-list';
import { requireAdmin } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Users' };

export default async function AdminUsersPage() {
  const user = await requireAdmin('/admin/users');
  const users = await listUsersForAdmin();
  return (
    <>
      <PageHeading title="Users" description="Approve new accounts, choose who administers, and set plans." />
      <AdminNav current="/admin/users" />
      <Card>
        <CardContent>
          <UsersTable users={users} currentUserId={user.id} />
        </CardContent>
      </Card>
    </>
  );
}
