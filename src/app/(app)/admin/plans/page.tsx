import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { PlanLimitsForm } from '@/components/admin/plan-limits-form';
import { AdminNav } from '@/components/admin/admin-nav';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent } from '@/components/ui/card';
import { getPlanLimits } from '@/server/plans/limits';
import { requireAdmin } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('adminPlans.title') };
}

export default async function AdminPlansPage() {
  const tp = await getTranslations('pages');
  await requireAdmin('/admin/plans');
  return (
    <>
      <PageHeading title={tp('adminPlans.title')} description={tp('adminPlans.description')} />
      <AdminNav current="/admin/plans" />
      <Card>
        <CardContent>
          <PlanLimitsForm limits={await getPlanLimits()} />
        </CardContent>
      </Card>
    </>
  );
}
