import type { Metadata } from 'next';

import { ChargePointList } from '@/components/charge-points/charge-point-list';
import { AddChargePointForm } from '@/components/dashboard/add-charge-point-form';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listChargePoints, presentChargePoint } from '@/server/chargers/charge-points';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Charge points' };

export default async function ChargePointsPage() {
  const user = await requireSignedIn('/charge-points');
  const chargePoints = (await listChargePoints(user.id)).map(presentChargePoint);
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
            <ChargePointList initial={chargePoints} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Add a charge point</h2>
            </CardTitle>
            <CardDescription>
              In the wallbox’s OCPP settings (web UI or vendor app: e.g. “OCPP backend” on Alfen, “Central system” on ABB, “Backend
              URL” on Wallbox) enter the URL, ID and password shown after adding. Choose OCPP 1.6J or 2.0.1 over WebSocket.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <AddChargePointForm />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
