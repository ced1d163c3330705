import { CopyableValue } from '@/components/copyable-value';
import { LocalAddressNotice } from '@/components/site/local-address-notice';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

/** How to use a key: in Home Assistant, or with any HTTP client. */
function ApiKeyUsage({ appUrl }: { appUrl: string }) {
  const curl = `curl -H "Authorization: Bearer YOUR_API_KEY" ${appUrl}/api/me`;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>How to use it</h2>
        </CardTitle>
        <CardDescription>
          In Home Assistant, add the EVConduit integration and paste the key and the base URL. Scripts send the key
          in the Authorization header.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <CopyableValue label="Base URL" value={appUrl} />
        <LocalAddressNotice url={appUrl} />
        <CopyableValue label="Example request" value={curl} />
        <p className="text-sm text-muted-foreground">
          The answer is your account as JSON. A revoked or wrong key gets <code className="font-mono">401</code>{' '}
          with <code className="font-mono">&quot;Invalid API key&quot;</code>.
        </p>
      </CardContent>
    </Card>
  );
}

export { ApiKeyUsage };
