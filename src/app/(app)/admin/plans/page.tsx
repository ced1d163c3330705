import type { Metadata } from 'next';

import { PlanLimitsForm } from '@/components/admin/plan-limits-form';
import { AdminNav } from '@/components/admin/admin-nav';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent } from '@/components/ui/card';
import { getPlanLimits } from '@/server/plans/limits';
import { requireAdmin } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Plan limits' };

export default async function AdminPlansPage() {
  await requireAdmin('/admin/plans');
  return (
    <>
      <PageHeading
        title="Plan limits"
        description="What each plan allows. Home Assistant's status, charging and odometer calls count against the monthly calls."
      />
      <AdminNav current="/admin/plans" />
      <Card>
        <CardContent>
          <PlanLimitsForm limits={await getPlanLimits()} />
        </CardContent>
      </Card>
    </>
  );
}
