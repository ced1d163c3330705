import { TriangleAlertIcon } from 'lucide-react';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getConfig } from '@/server/config';
import { onlyReachableLocally } from '@/server/http/public-url';

/** Shown next to an address for other devices (OCPP URL, Home Assistant base URL) when it names this machine only. */
function LocalAddressNotice({ url }: { url: string }) {
  if (!onlyReachableLocally(url)) return null;
  const fix = getConfig().appUrlIsSet
    ? 'APP_URL names this computer: set it to an address other devices reach, such as http://192.168.1.20:3000, and restart.'
    : 'Open EVConduit by this computer’s network address instead (for example http://192.168.1.20:3000), and the addresses shown here follow it.';
  return (
    <Alert role="note" data-testid="local-address-notice">
      <TriangleAlertIcon aria-hidden="true" />
      <AlertTitle className="line-clamp-none">Only this computer can use this address</AlertTitle>
      <AlertDescription>
        <p>A charge point or Home Assistant on another device cannot reach {new URL(url).host}. {fix}</p>
      </AlertDescription>
    </Alert>
  );
}

export { LocalAddressNotice };
