import Link from 'next/link';
import { ArrowRightIcon, HouseIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';

import { CopyableValue } from '@/components/copyable-value';
import { LocalAddressNotice } from '@/components/site/local-address-notice';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';

/** How to connect the Home Assistant integration: an API key plus this installation's address. */
function HomeAssistantCard({ appUrl }: { appUrl: string }) {
  const t = useTranslations('dashboard');
  return (
    <Card>
      <CardHeader>
        <HouseIcon className="size-6" aria-hidden="true" />
        <CardTitle>
          <h2>{t('connectHa')}</h2>
        </CardTitle>
        <CardDescription>
          {t('connectHaHelp')}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <CopyableValue label={t('baseUrl')} value={appUrl} />
        <LocalAddressNotice url={appUrl} />
      </CardContent>
      <CardFooter className="mt-auto">
        <Button asChild>
          <Link href="/home-assistant">
            {t('setUpHa')} <ArrowRightIcon aria-hidden="true" />
          </Link>
        </Button>
      </CardFooter>
    </Card>
  );
}

export { HomeAssistantCard };
