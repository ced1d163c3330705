import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';

import { PageHeading } from '@/components/site/page-heading';
import { BATTERY_WINDOW_HOURS } from '@/components/vehicles/battery-span';
import { VehicleDetail } from '@/components/vehicles/vehicle-detail';
import { VehiclePlanner } from '@/components/vehicles/vehicle-planner';
import { AppError } from '@/server/http/errors';
import { vehicleChargePointSessions } from '@/server/planner/matching';
import { getVehiclePlanDefaults } from '@/server/planner/plans';
import { listChargingSessions, listSamples } from '@/server/vehicles/history';
import { findVehicle, presentVehicle } from '@/server/vehicles/vehicles';
import { requireSignedIn } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('vehicle.title') };
}

export default async function VehiclePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireSignedIn(`/vehicles/${encodeURIComponent(id)}`);
  const vehicle = await findVehicle(user.id, id).catch((error: unknown) => {
    // Someone else's vehicle is "not found" here too.
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  });
  const [samples, sessions] = await Promise.all([listSamples(user.id, vehicle.id, BATTERY_WINDOW_HOURS), listChargingSessions(user.id, vehicle.id, 500)]);
  const presented = presentVehicle(vehicle);
  return (
    <>
      <PageHeading title={presented.display_name ?? 'Vehicle'} description={[presented.vendor, presented.vin].filter(Boolean).join(' · ')} />
      <VehicleDetail initial={{ vehicle: presented, samples, sessions }} />
      <div className="mt-6 max-w-2xl">
        <VehiclePlanner vehicleId={vehicle.id} defaults={await getVehiclePlanDefaults(user.id, vehicle.id)} sessions={(await vehicleChargePointSessions(user.id, vehicle.id, 20)).sessions} />
      </div>
    </>
  );
}
