'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { useRouter } from 'next/navigation';
import { DownloadIcon, Trash2Icon } from 'lucide-react';

import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { DateTime } from '@/components/date-time';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';
import { EditIdTagDialog } from './edit-id-tag-dialog';
import type { IdTagRow } from './id-tag-fields';
import { TagHolder } from './id-tag-holder-fields';

const STATUS_VARIANT: Record<string, 'secondary' | 'destructive' | 'outline'> = { Accepted: 'secondary', Blocked: 'destructive' };

/** The user's id tags with edit, delete and each tag's 15-minute energy CSV of a chosen month. */
function IdTagsTable({ idTags }: { idTags: IdTagRow[] }) {
  const router = useRouter();
  const tt = useTranslations('idTags');
  const tc = useTranslations('common');
  // UTC month, like the export's intervals.
  const thisMonth = new Date().toISOString().slice(0, 7);
  const [month, setMonth] = React.useState(thisMonth);
  // A cleared picker exports this month rather than sending an empty month.
  const exportMonth = /^\d{4}-\d{2}$/.test(month) ? month : thisMonth;
  const tags = idTags.map((t) => t.tag);
  if (idTags.length === 0) return <p className="text-sm text-muted-foreground">{tt('none')}</p>;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-2">
          <Label htmlFor="id-tag-export-month">{tt('csvMonth')}</Label>
          <Input id="id-tag-export-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} className="w-44" />
        </div>
        <p className="pb-2 text-sm text-muted-foreground">{tt('csvHelp')}</p>
      </div>
      <Table aria-label={tt('table')}>
        <TableHeader>
          <TableRow>
            <TableHead>{tt('tag')}</TableHead>
            <TableHead className="hidden sm:table-cell">{tt('status')}</TableHead>
            <TableHead className="hidden md:table-cell">{tt('colExpires')}</TableHead>
            <TableHead className="hidden md:table-cell">{tt('colParent')}</TableHead>
            <TableHead>
              <span className="sr-only">{tt('colActions')}</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {idTags.map((t) => {
            const expired = t.expires_at !== null && new Date(t.expires_at) <= new Date();
            const status = <Badge variant={STATUS_VARIANT[t.status] ?? 'outline'}>{t.status}</Badge>;
            const expires = (
              <>
                {t.expires_at ? <DateTime value={t.expires_at} /> : tc('never')}
                {expired && t.status === 'Accepted' && <span className="text-destructive"> {tt('expired')}</span>}
              </>
            );
            return (
              <TableRow key={t.id}>
                <TableCell wrap>
                  <div className="font-mono text-xs">{t.tag}</div>
                  {t.label && <div className="text-muted-foreground">{t.label}</div>}
                  <TagHolder memberId={t.member_id} holder={t.holder} />
                  {/* Narrow screens: the hidden columns under the tag. */}
                  <div className="mt-1 sm:hidden">{status}</div>
                  <div className="text-xs text-muted-foreground md:hidden">
                    {tt.rich('expiresShort', { when: () => expires })}
                    {t.parent_tag && <> · {tt.rich('parentShort', { tag: () => <span className="font-mono">{t.parent_tag}</span> })}</>}
                  </div>
                </TableCell>
                <TableCell className="hidden sm:table-cell">{status}</TableCell>
                <TableCell className="hidden text-xs md:table-cell">{expires}</TableCell>
                <TableCell className="hidden font-mono text-xs md:table-cell">{t.parent_tag ?? '–'}</TableCell>
                <TableCell>
                  <div className="flex justify-end gap-1">
                    <Button variant="ghost" size="icon" asChild>
                      <a href={`/api/id-tags/${t.id}/energy.csv?month=${exportMonth}`} download aria-label={tt('csvOf', { tag: t.tag })} title={tt('csvTitle', { month: exportMonth })}>
                        <DownloadIcon aria-hidden="true" />
                      </a>
                    </Button>
                    <EditIdTagDialog idTag={t} tags={tags} />
                    <ConfirmActionDialog
                      trigger={
                        <Button variant="ghost" size="icon" aria-label={tt('deleteNamed', { tag: t.tag })} title={tt('delete')}>
                          <Trash2Icon aria-hidden="true" />
                        </Button>
                      }
                      title={tt('deleteTitle', { tag: t.tag })}
                      description={tt('deleteBody')}
                      confirmLabel={tt('delete')}
                      pendingLabel={tt('deleting')}
                      errorTitle={tt('deleteFailed')}
                      action={() => callApi('DELETE', `/api/id-tags/${t.id}`)}
                      onDone={() => router.refresh()}
                    />
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

export { IdTagsTable };
