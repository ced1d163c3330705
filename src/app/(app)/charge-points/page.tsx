import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';

import { ChargePointList } from '@/components/charge-points/charge-point-list';
import { PendingIdentities } from '@/components/charge-points/pending-identities';
import { AddChargePointForm } from '@/components/dashboard/add-charge-point-form';
import { LocalAddressNotice } from '@/components/site/local-address-notice';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listChargePointsWithState } from '@/server/chargers/charge-point-list';
import { listPendingIdentities } from '@/server/chargers/pending';
import { getPendingSetting } from '@/server/chargers/pending-setting';
import { listSites } from '@/server/chargers/sites';
import { publicBaseUrl } from '@/server/http/public-url';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('chargePoints.title') };
}

export default async function ChargePointsPage() {
  const tp = await getTranslations('pages');
  const t = await getTranslations('chargePoints');
  const user = await requireSignedIn('/charge-points');
  const chargePoints = await listChargePointsWithState(user.id);
  const pending = await listPendingIdentities(user);
  const sites = (await listSites(user.id)).map(({ id, name }) => ({ id, name }));
  // Shown while the setting is on, so a claim's password stays visible after the list empties.
  const { accept_unknown_identities: acceptsPending } = await getPendingSetting();
  return (
    <>
      <PageHeading title={tp('chargePoints.title')} description={tp('chargePoints.description')} />
      <div className="grid items-start gap-6 lg:grid-cols-[3fr_2fr] [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('yourChargePoints')}</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            {/* The list polls on its own; a new member (e.g. just claimed, then router.refresh) starts it afresh at once. */}
            <ChargePointList key={chargePoints.map((cp) => cp.id).join()} initial={chargePoints} />
          </CardContent>
        </Card>
        {acceptsPending && (
          <Card className="lg:col-span-2 lg:row-start-2">
            <CardHeader>
              <CardTitle>
                <h2>{t('waiting')}</h2>
              </CardTitle>
              <CardDescription>{t('waitingHelp')}</CardDescription>
            </CardHeader>
            <CardContent>
              <PendingIdentities initial={pending} isAdmin={user.role === 'admin'} />
            </CardContent>
          </Card>
        )}
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('add')}</h2>
            </CardTitle>
            <CardDescription>{t('addHelp')}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <LocalAddressNotice url={publicBaseUrl(await headers())} />
            <AddChargePointForm sites={sites} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
