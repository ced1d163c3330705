import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';

import { ApiKeyUsage } from '@/components/api-keys/api-key-usage';
import { ApiKeysTable } from '@/components/api-keys/api-keys-table';
import { CreateApiKeyForm } from '@/components/api-keys/create-api-key-form';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listApiKeys } from '@/server/apikeys/apikeys';
import { presentApiKey } from '@/server/apikeys/present';
import { publicBaseUrl } from '@/server/http/public-url';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('apiKeys.title') };
}

export default async function ApiKeysPage() {
  const tp = await getTranslations('pages');
  const t = await getTranslations('apiKeys');
  const user = await requireSignedIn('/api-keys');
  const keys = (await listApiKeys(user.id)).map(presentApiKey);
  return (
    <>
      <PageHeading title={tp('apiKeys.title')} description={tp('apiKeys.description')} />
      <div className="grid items-start gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('yourKeys')}</h2>
            </CardTitle>
            <CardDescription>{t('yourKeysHelp')}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-6">
            <CreateApiKeyForm />
            <ApiKeysTable keys={keys} />
          </CardContent>
        </Card>
        <ApiKeyUsage appUrl={publicBaseUrl(await headers())} />
      </div>
    </>
  );
}
