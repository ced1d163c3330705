import { TriangleAlertIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { getConfig } from '@/server/config';
import { onlyReachableLocally } from '@/server/http/public-url';

/** Shown next to an address for other devices (OCPP URL, Home Assistant base URL) when it names this machine only. */
function LocalAddressNotice({ url }: { url: string }) {
  const t = useTranslations('localAddress');
  if (!onlyReachableLocally(url)) return null;
  const fix = getConfig().appUrlIsSet ? t('fixAppUrl') : t('fixOpen');
  return (
    <Alert role="note" data-testid="local-address-notice">
      <TriangleAlertIcon aria-hidden="true" />
      <AlertTitle className="line-clamp-none">{t('title')}</AlertTitle>
      <AlertDescription>
        <p>
          {t('body', { host: new URL(url).host })} {fix}
        </p>
      </AlertDescription>
    </Alert>
  );
}

export { LocalAddressNotice };
