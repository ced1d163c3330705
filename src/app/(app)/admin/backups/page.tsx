import type { Metadata } from 'next';

import { AdminNav } from '@/components/admin/admin-nav';
import { DateTime } from '@/components/date-time';
import { PageHeading } from '@/components/site/page-heading';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { backupOverview } from '@/server/backup/schedule';
import { getConfig } from '@/server/config';
import { requireAdmin } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Backups (admin)' };

const size = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export default async function AdminBackupsPage() {
  await requireAdmin('/admin/backups');
  const { embedded, schedule } = backupOverview(getConfig());
  return (
    <>
      <PageHeading title="Backups" description="Copies of the database, to restore after a lost disk or a mistake." />
      <AdminNav current="/admin/backups" />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Download a backup</h2>
          </CardTitle>
          <CardDescription>
            {embedded
              ? 'A consistent copy of the embedded database, taken while the server keeps running. Restore it into a stopped installation with npm run cli -- restore <file>.'
              : 'The data lives in PostgreSQL (DATABASE_URL): back it up with pg_dump or your provider’s backups (Supabase: Database › Backups). See docs/backups.md.'}
          </CardDescription>
        </CardHeader>
        {embedded && (
          <CardContent>
            <a href="/api/admin/backup" download className={buttonVariants()} data-testid="download-backup">
              Download backup
            </a>
          </CardContent>
        )}
      </Card>
      {embedded && (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Scheduled backups</h2>
            </CardTitle>
            <CardDescription>
              {schedule
                ? `Every ${schedule.intervalHours} h into ${schedule.dir}, keeping the newest ${schedule.keep}.`
                : 'Off: set BACKUP_DIR (and optionally BACKUP_KEEP, BACKUP_INTERVAL_HOURS) to take them on a schedule.'}
            </CardDescription>
          </CardHeader>
          {schedule && (
            <CardContent>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>File</TableHead>
                    <TableHead>Written</TableHead>
                    <TableHead>Size</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {schedule.backups.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={3} className="text-muted-foreground">None yet.</TableCell>
                    </TableRow>
                  )}
                  {schedule.backups.map((b) => (
                    <TableRow key={b.fileName}>
                      <TableCell className="font-mono text-xs break-all">{b.fileName}</TableCell>
                      <TableCell><DateTime value={b.createdAt.toISOString()} /></TableCell>
                      <TableCell>{size(b.bytes)}</TableCell>
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
