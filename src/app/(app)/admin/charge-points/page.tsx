import type { Metadata } from 'next';

import { AdminNav } from '@/components/admin/admin-nav';
import { OcppSettingsForm } from '@/components/admin/ocpp-settings-form';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent } from '@/components/ui/card';
import { getPendingSetting } from '@/server/chargers/pending-setting';
import { requireAdmin } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Charge point settings' };

export default async function AdminChargePointsPage() {
  await requireAdmin('/admin/charge-points');
  const setting = await getPendingSetting();
  return (
    <>
      <PageHeading title="Charge points" description="Which OCPP charge points may connect." />
      <AdminNav current="/admin/charge-points" />
      <Card>
        <CardContent>
          <OcppSettingsForm acceptUnknown={setting.accept_unknown_identities} />
        </CardContent>
      </Card>
    </>
  );
}
