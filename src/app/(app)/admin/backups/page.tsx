import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';

import { AdminNav } from '@/components/admin/admin-nav';
import { DateTime } from '@/components/date-time';
import { PageHeading } from '@/components/site/page-heading';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { backupOverview } from '@/server/backup/schedule';
import { getConfig } from '@/server/config';
import { requireAdmin } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('adminBackups.meta') };
}

export default async function AdminBackupsPage() {
  const tp = await getTranslations('pages');
  const t = await getTranslations('adminBackups');
  const format = await getFormatter();
  await requireAdmin('/admin/backups');
  const { embedded, schedule } = backupOverview(getConfig());
  return (
    <>
      <PageHeading title={tp('adminBackups.title')} description={tp('adminBackups.description')} />
      <AdminNav current="/admin/backups" />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('downloadHeading')}</h2>
          </CardTitle>
          <CardDescription>
            {embedded ? t('embedded', { command: 'npm run cli -- restore <file>' }) : t('postgres')}
          </CardDescription>
        </CardHeader>
        {embedded && (
          <CardContent>
            <a href="/api/admin/backup" download className={buttonVariants()} data-testid="download-backup">
              {t('download')}
            </a>
          </CardContent>
        )}
      </Card>
      {embedded && (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('scheduledHeading')}</h2>
            </CardTitle>
            <CardDescription>
              {schedule ? t('schedule', { hours: schedule.intervalHours, dir: schedule.dir, keep: schedule.keep }) : t('scheduleOff')}
            </CardDescription>
          </CardHeader>
          {schedule && (
            <CardContent>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>{t('file')}</TableHead>
                    <TableHead>{t('written')}</TableHead>
                    <TableHead>{t('size')}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {schedule.backups.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={3} className="text-muted-foreground">{t('none')}</TableCell>
                    </TableRow>
                  )}
                  {schedule.backups.map((b) => (
                    <TableRow key={b.fileName}>
                      <TableCell className="font-mono text-xs break-all">{b.fileName}</TableCell>
                      <TableCell><DateTime value={b.createdAt.toISOString()} /></TableCell>
                      <TableCell>{t('mib', { size: format.number(b.bytes / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          )}
        </Card>
      )}
    </>
  );
}
