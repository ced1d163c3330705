import type { Metadata } from 'next';

import { AdminNav } from '@/components/admin/admin-nav';
import { DateTime } from '@/components/date-time';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { notificationFailures } from '@/server/notifications/history';
import { requireAdmin } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Notification failures (admin)' };

export default async function AdminNotificationsPage() {
  await requireAdmin('/admin/notifications');
  const failures = await notificationFailures();
  return (
    <>
      <PageHeading title="Notifications" description="Notifications that could not be delivered, newest first." />
      <AdminNav current="/admin/notifications" />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Failed deliveries</h2>
          </CardTitle>
          <CardDescription>The last 100. Temporary failures are retried with back-off first; these are final.</CardDescription>
        </CardHeader>
        <CardContent>
          {failures.length === 0 ? (
            <p className="text-sm text-muted-foreground">None.</p>
          ) : (
            <Table aria-label="Failed notifications">
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>User</TableHead>
                  <TableHead>What</TableHead>
                  <TableHead>Channel</TableHead>
                  <TableHead>Attempts</TableHead>
                  <TableHead>Error</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {failures.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>
                      <DateTime value={d.created_at} />
                    </TableCell>
                    <TableCell>{d.user_email}</TableCell>
                    <TableCell>{d.title}</TableCell>
                    <TableCell>{d.channel}</TableCell>
                    <TableCell>{d.attempts}</TableCell>
                    <TableCell className="max-w-80 text-xs break-words whitespace-normal">{d.last_error}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </>
  );
}
