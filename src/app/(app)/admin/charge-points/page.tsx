import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AdminNav } from '@/components/admin/admin-nav';
import { OcppSettingsForm } from '@/components/admin/ocpp-settings-form';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent } from '@/components/ui/card';
import { getPendingSetting } from '@/server/chargers/pending-setting';
import { requireAdmin } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('adminChargePoints.meta') };
}

export default async function AdminChargePointsPage() {
  const tp = await getTranslations('pages');
  await requireAdmin('/admin/charge-points');
  const setting = await getPendingSetting();
  return (
    <>
      <PageHeading title={tp('adminChargePoints.title')} description={tp('adminChargePoints.description')} />
      <AdminNav current="/admin/charge-points" />
      <Card>
        <CardContent>
          <OcppSettingsForm acceptUnknown={setting.accept_unknown_identities} />
        </CardContent>
      </Card>
    </>
  );
}
