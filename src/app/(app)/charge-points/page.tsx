import type { Metadata } from 'next';
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

export const metadata: Metadata = { title: 'Charge points' };

export default async function ChargePointsPage() {
  const user = await requireSignedIn('/charge-points');
  const chargePoints = await listChargePointsWithState(user.id);
  const pending = await listPendingIdentities(user);
  const sites = (await listSites(user.id)).map(({ id, name }) => ({ id, name }));
  // Shown while the setting is on, so a claim's password stays visible after the list empties.
  const { accept_unknown_identities: acceptsPending } = await getPendingSetting();
  return (
    <>
      <PageHeading title="Charge points" description="Your OCPP charge points and their live state." />
      <div className="grid items-start gap-6 lg:grid-cols-[3fr_2fr] [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Your charge points</h2>
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
                <h2>Waiting to be claimed</h2>
              </CardTitle>
              <CardDescription>Charge points that connected with an ID nobody added. Claim yours with the serial number on its label to make it Accepted.</CardDescription>
            </CardHeader>
            <CardContent>
              <PendingIdentities initial={pending} isAdmin={user.role === 'admin'} />
            </CardContent>
          </Card>
        )}
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Add a charge point</h2>
            </CardTitle>
            <CardDescription>
              In the wallbox’s OCPP settings (web UI or vendor app: e.g. “OCPP backend” on Alfen, “Central system” on ABB, “Backend
              URL” on Wallbox) enter the URL, ID and password shown after adding. Choose OCPP 1.6J or 2.0.1 over WebSocket, with
              HTTP Basic authentication (security profile 1, or 2 with a wss:// URL). The password can be changed later on the charge
              point’s page.
            </CardDescription>
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
