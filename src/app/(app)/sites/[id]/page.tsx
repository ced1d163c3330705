import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';

import { InvoicesCard } from '@/components/invoices/invoices-card';
import { SiteDetails } from '@/components/invoices/site-details';
import { PageHeading } from '@/components/site/page-heading';
import { SiteIdTagsCard } from '@/components/site-id-tags/site-id-tags-card';
import { siteRole } from '@/server/chargers/site-access';
import { presentSite } from '@/server/chargers/sites';
import { requireSignedIn } from '../../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('invoices'))('siteTitle') };
}

export default async function SitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireSignedIn(`/sites/${id}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const found = await siteRole(user.id, id);
  if (!found) notFound();
  const site = presentSite(found.site);
  const t = await getTranslations('invoices');
  return (
    <>
      <PageHeading title={site.name} description={t('roleLine', { role: found.role, timeZone: site.time_zone })} />
      <div className="grid items-start gap-6 lg:grid-cols-[1fr_2fr] [&>*]:min-w-0">
        <SiteDetails site={site} />
        <InvoicesCard siteId={site.id} timeZone={site.time_zone} canManage={found.role !== 'driver'} />
        {found.role !== 'driver' && (
          <div className="lg:col-span-2">
            <SiteIdTagsCard siteId={site.id} />
          </div>
        )}
      </div>
    </>
  );
}
