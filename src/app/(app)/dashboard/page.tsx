import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';

import { ChargePointsCard } from '@/components/dashboard/charge-points-card';
import { EnergySourcesCard } from '@/components/dashboard/energy-sources-card';
import { EnergyTotalsCard } from '@/components/dashboard/energy-totals-card';
import { HomeAssistantCard } from '@/components/dashboard/home-assistant-card';
import { VehiclesCard, type LinkNotice } from '@/components/dashboard/vehicles-card';
import { PageHeading } from '@/components/site/page-heading';
import { listApiKeys } from '@/server/apikeys/apikeys';
import { listChargePoints, presentChargePoint } from '@/server/chargers/charge-points';
import { isDriverOnly } from '@/server/chargers/drivers';
import { listSites } from '@/server/chargers/sites';
import { todayOfSites } from '@/server/energy/measurements';
import { getConfig } from '@/server/config';
import { appUrlElsewhere, publicBaseUrl } from '@/server/http/public-url';
import { listVehicles, presentVehicle } from '@/server/vehicles/vehicles';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('dashboard.title') };
}

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
  const tp = await getTranslations('pages');
  const chargePoints = (await listChargePoints(user.id)).map(presentChargePoint);
  const vehicles = (await listVehicles(user.id)).map(presentVehicle);
  // Someone who only charges on others' sites lands on their own page (sign-in goes here).
  if (vehicles.length === 0 && (await isDriverOnly(user.id))) redirect('/my-charging');
  const energyDays = await todayOfSites(await listSites(user.id));
  const config = getConfig();
  const requestHeaders = await headers();
  // The first steps are a guide: once a car, a charge point and a key for Home Assistant exist, it has done its job.
  const setUp = vehicles.length > 0 && chargePoints.length > 0 && (await listApiKeys(user.id)).length > 0;
  return (
    <>
      <PageHeading
        title={tp('dashboard.hello', { name: user.name ?? user.email })}
        description={setUp ? tp('dashboard.setUp') : tp('dashboard.steps')}
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
        {energyDays.length > 0 && <EnergySourcesCard days={energyDays} />}
        {!setUp && <HomeAssistantCard appUrl={publicBaseUrl(requestHeaders)} />}
      </div>
    </>
  );
}
