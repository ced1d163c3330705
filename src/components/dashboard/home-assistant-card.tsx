import Link from 'next/link';
import { ArrowRightIcon, HouseIcon } from 'lucide-react';

import { CopyableValue } from '@/components/copyable-value';
import { LocalAddressNotice } from '@/components/site/local-address-notice';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';

/** How to connect the Home Assistant integration: an API key plus this installation's address. */
function HomeAssistantCard({ appUrl }: { appUrl: string }) {
  return (
    <Card>
      <CardHeader>
        <HouseIcon className="size-6" aria-hidden="true" />
        <CardTitle>
          <h2>Connect Home Assistant</h2>
        </CardTitle>
        <CardDescription>
          Add the EVConduit integration in Home Assistant and give it an API key and this address.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <CopyableValue label="Base URL" value={appUrl} />
        <LocalAddressNotice url={appUrl} />
      </CardContent>
      <CardFooter className="mt-auto">
        <Button asChild>
          <Link href="/home-assistant">
            Set up Home Assistant <ArrowRightIcon aria-hidden="true" />
          </Link>
        </Button>
      </CardFooter>
    </Card>
  );
}

export { HomeAssistantCard };
