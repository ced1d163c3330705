import { useTranslations } from 'next-intl';
import { TriangleAlertIcon } from 'lucide-react';

import { DateTime } from '@/components/date-time';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { RevokeApiKeyButton } from './revoke-api-key-button';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scope: 'ha' | 'full';
  created_at: string;
  last_used_at: string | null;
}

/** The user's active keys; only the first characters of each are known. */
function ApiKeysTable({ keys }: { keys: ApiKeyRow[] }) {
  const t = useTranslations('apiKeys');
  const tc = useTranslations('common');
  if (keys.length === 0) {
    return (
      <p className="rounded-lg border border-dashed px-4 py-8 text-center text-sm text-muted-foreground">
        {t('none')}
      </p>
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">{t('colName')}</TableHead>
          <TableHead scope="col">{t('colKey')}</TableHead>
          <TableHead scope="col">{t('colAccess')}</TableHead>
          <TableHead scope="col">{t('colCreated')}</TableHead>
          <TableHead scope="col">{t('colLastUsed')}</TableHead>
          <TableHead scope="col">
            <span className="sr-only">{t('colActions')}</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((key) => (
          <TableRow key={key.id}>
            <TableCell wrap className="font-medium">
              {key.name}
            </TableCell>
            <TableCell>
              <code className="font-mono text-xs">{key.prefix}…</code>
            </TableCell>
            <TableCell>
              {key.scope === 'full' ? (
                <Badge variant="destructive" title={t('fullTitle')}>
                  <TriangleAlertIcon aria-hidden="true" />
                  {t('scopeFull')}
                </Badge>
              ) : (
                <Badge variant="secondary">{t('scopeHa')}</Badge>
              )}
            </TableCell>
            {/* Dates may take two lines, so the table fits its card on a desktop. */}
            <TableCell className="whitespace-normal">
              <DateTime value={key.created_at} />
            </TableCell>
            <TableCell className="whitespace-normal">{key.last_used_at ? <DateTime value={key.last_used_at} /> : tc('never')}</TableCell>
            <TableCell className="text-right">
              <RevokeApiKeyButton id={key.id} name={key.name} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export { ApiKeysTable };
