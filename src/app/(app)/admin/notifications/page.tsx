import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AdminNav } from '@/components/admin/admin-nav';
import { DateTime } from '@/components/date-time';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { notificationFailures } from '@/server/notifications/history';
import { requireAdmin } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('adminNotifications.meta') };
}

export default async function AdminNotificationsPage() {
  const tp = await getTranslations('pages');
  const t = await getTranslations('adminNotifications');
  await requireAdmin('/admin/notifications');
  const failures = await notificationFailures();
  return (
    <>
      <PageHeading title={tp('adminNotifications.title')} description={tp('adminNotifications.description')} />
      <AdminNav current="/admin/notifications" />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('failed')}</h2>
          </CardTitle>
          <CardDescription>{t('failedHelp')}</CardDescription>
        </CardHeader>
        <CardContent>
          {failures.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t('none')}</p>
          ) : (
            <Table aria-label={t('table')}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t('when')}</TableHead>
                  <TableHead>{t('user')}</TableHead>
                  <TableHead>{t('what')}</TableHead>
                  <TableHead>{t('channel')}</TableHead>
                  <TableHead>{t('attempts')}</TableHead>
                  <TableHead>{t('error')}</TableHead>
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
