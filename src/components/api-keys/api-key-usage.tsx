import { useTranslations } from 'next-intl';
import { CopyableValue } from '@/components/copyable-value';
import { LocalAddressNotice } from '@/components/site/local-address-notice';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

/** How to use a key: in Home Assistant, or with any HTTP client. */
function ApiKeyUsage({ appUrl }: { appUrl: string }) {
  const t = useTranslations('apiKeys');
  const curl = `curl -H "Authorization: Bearer YOUR_API_KEY" ${appUrl}/api/me`;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('howTo')}</h2>
        </CardTitle>
        <CardDescription>
          {t('howToHelp')}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <CopyableValue label={t('baseUrl')} value={appUrl} />
        <LocalAddressNotice url={appUrl} />
        <CopyableValue label={t('example')} value={curl} />
        <p className="text-sm text-muted-foreground">
          {t.rich('answer', { code: (chunks) => <code className="font-mono">{chunks}</code> })}
        </p>
      </CardContent>
    </Card>
  );
}

export { ApiKeyUsage };
