import type { Metadata } from 'next';
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

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const user = await requireSignedIn('/api-keys');
  const keys = (await listApiKeys(user.id)).map(presentApiKey);
  return (
    <>
      <PageHeading
        title="API keys"
        description="Keys let Home Assistant and your own scripts use EVConduit on your behalf."
      />
      <div className="grid items-start gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Your keys</h2>
            </CardTitle>
            <CardDescription>Create one key per place you use it, so you can revoke them one by one.</CardDescription>
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
