import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';

import { CarAndPlan } from '@/components/charge-points/car-and-plan';
import { ChargePointView } from '@/components/charge-points/charge-point-view';
import { ChargingModeSwitch } from '@/components/charge-points/charging-mode-switch';
import { ConnectionSecurity } from '@/components/charge-points/connection-security';
import { PageHeading } from '@/components/site/page-heading';
import { chargePointDetail } from '@/server/chargers/charge-points';
import { AppError } from '@/server/http/errors';
import { listVehicles, presentVehicle } from '@/server/vehicles/vehicles';
import { requireSignedIn } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('chargePoint.title') };
}

export default async function ChargePointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireSignedIn(`/charge-points/${id}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const detail = await chargePointDetail(user.id, id).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  });
  return (
    <>
      <PageHeading title={detail.name} description={<span className="font-mono">{detail.identity}</span>} />
      <div className="mb-6 max-w-2xl">
        <ChargingModeSwitch chargePointId={detail.id} connectors={detail.connectors} />
      </div>
      <ChargePointView initial={detail} />
      {/* The owner's cars, plans and connection settings: not a site manager's. */}
      {detail.role === 'owner' && (
        <>
          <div className="mt-6 max-w-2xl">
            <CarAndPlan chargePointId={detail.id} vehicles={(await listVehicles(user.id)).map((v) => ({ id: v.id, name: presentVehicle(v).display_name ?? 'Vehicle' }))} />
          </div>
          <div className="mt-6 max-w-2xl">
            <ConnectionSecurity chargePointId={detail.id} initial={detail} />
          </div>
        </>
      )}
    </>
  );
}
