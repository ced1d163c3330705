import type { Metadata } from 'next';

import { ChargePointsCard } from '@/components/dashboard/charge-points-card';
import { HomeAssistantCard } from '@/components/dashboard/home-assistant-card';
import { VehiclesCard } from '@/components/dashboard/vehicles-card';
import { PageHeading } from '@/components/site/page-heading';
import { listChargePoints, presentChargePoint } from '@/server/chargers/charge-points';
import { getConfig } from '@/server/config';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const user = await requireSignedIn('/dashboard');
  const chargePoints = (await listChargePoints(user.id)).map(presentChargePoint);
  return (
    <>
      <PageHeading
        title={`Hello, ${user.name ?? user.email}`}
        description="Three steps to get going: your car, your charge point, and Home Assistant."
      />
      <div className="grid items-start gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <VehiclesCard />
        <ChargePointsCard chargePoints={chargePoints} />
        <HomeAssistantCard appUrl={getConfig().appUrl} />
      </div>
    </>
  );
}
