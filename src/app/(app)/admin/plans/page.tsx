import type { Metadata } from 'next';

import { PlanLimitsForm } from '@/components/admin/plan-limits-form';
import { AdminNav } from '@/components/admin/admin-nav';
import { ForbiddenNotice } from '@/components/site/forbidden-notice';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent } from '@/components/ui/card';
import { getPlanLimits } from '@/server/plans/limits';
import { requireSignedIn } from '../../signed-in-user';

export const metadata: Metadata = { title: 'Plan limits' };

export default async function AdminPlansPage() {
  const user = await requireSignedIn('/admin/plans');
  if (user.role !== 'admin') {
    return (
      <ForbiddenNotice
        title="Administrators only"
        reason={`You are signed in as ${user.email}, which is not an administrator account.`}
      />
    );
  }
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
