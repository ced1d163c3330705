import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ChargePointView } from '@/components/charge-points/charge-point-view';
import { ConnectionSecurity } from '@/components/charge-points/connection-security';
import { PageHeading } from '@/components/site/page-heading';
import { chargePointDetail } from '@/server/chargers/charge-points';
import { AppError } from '@/server/http/errors';
import { requireSignedIn } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Charge point' };

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
      <ChargePointView initial={detail} />
      <div className="mt-6 max-w-2xl">
        <ConnectionSecurity chargePointId={detail.id} initial={detail} />
      </div>
    </>
  );
}
