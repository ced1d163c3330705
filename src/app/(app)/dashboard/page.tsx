import type { Metadata } from 'next';
import { headers } from 'next/headers';

import { ChargePointsCard } from '@/components/dashboard/charge-points-card';
import { EnergyTotalsCard } from '@/components/dashboard/energy-totals-card';
import { HomeAssistantCard } from '@/components/dashboard/home-assistant-card';
import { VehiclesCard, type LinkNotice } from '@/components/dashboard/vehicles-card';
import { PageHeading } from '@/components/site/page-heading';
import { listApiKeys } from '@/server/apikeys/apikeys';
import { listChargePoints, presentChargePoint } from '@/server/chargers/charge-points';
import { getConfig } from '@/server/config';
import { appUrlElsewhere, publicBaseUrl } from '@/server/http/public-url';
import { listVehicles, presentVehicle } from '@/server/vehicles/vehicles';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Dashboard' };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/** `/vehicles/link/callback` sends the browser here with the outcome of a link. */
function linkNotice(params: SearchParams): LinkNotice | undefined {
  const outcome = one(params.vehicle_link);
  if (outcome === 'failed') return { outcome, error: one(params.vehicle_link_error) };
  if (outcome === 'linked') return { outcome, vehicles: Number(one(params.vehicles) ?? 0), limit: one(params.vehicle_link_notice) };
  return undefined;
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireSignedIn('/dashboard');
  const chargePoints = (await listChargePoints(user.id)).map(presentChargePoint);
  const vehicles = (await listVehicles(user.id)).map(presentVehicle);
  const config = getConfig();
  const requestHeaders = await headers();
  // The first steps are a guide: once a car, a charge point and a key for Home Assistant exist, it has done its job.
  const setUp = vehicles.length > 0 && chargePoints.length > 0 && (await listApiKeys(user.id)).length > 0;
  return (
    <>
      <PageHeading
        title={`Hello, ${user.name ?? user.email}`}
        description={
          setUp
            ? 'Your vehicles and charge points.'
            : 'Three steps to get going: your car, your charge point, and Home Assistant.'
        }
      />
      <div className={`grid items-start gap-6 [&>*]:min-w-0 ${setUp ? 'lg:grid-cols-2' : 'lg:grid-cols-3'}`}>
        <VehiclesCard
          initial={{ vehicles }}
          notice={linkNotice(await searchParams)}
          simulator={config.enode?.simulated ?? false}
          returnOrigin={appUrlElsewhere(requestHeaders)}
        />
        <ChargePointsCard chargePoints={chargePoints} />
        {chargePoints.length > 0 && <EnergyTotalsCard />}
        {!setUp && <HomeAssistantCard appUrl={publicBaseUrl(requestHeaders)} />}
      </div>
    </>
  );
}
