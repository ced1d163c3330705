import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { AddSiteForm, SiteActions } from '@/components/charge-points/site-forms';
import { SiteEnergyFlow } from '@/components/charge-points/site-energy-flow';
import { SiteLoad } from '@/components/charge-points/site-load';
import { AddTariffForm, TariffActions } from '@/components/charge-points/tariff-forms';
import { SiteMembersCards } from '@/components/members/site-members-cards';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listChargePoints } from '@/server/chargers/charge-points';
import { myMemberships } from '@/server/chargers/members';
import { listSites, presentSite } from '@/server/chargers/sites';
import { listTariffs, presentTariff } from '@/server/chargers/tariffs';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('sites.title') };
}

export default async function SitesPage() {
  const tp = await getTranslations('pages');
  const user = await requireSignedIn('/sites');
  const t = await getTranslations('sites');
  const [sites, tariffs, chargePoints] = await Promise.all([listSites(user.id), listTariffs(user.id), listChargePoints(user.id)]);
  const chargePointNames = Object.fromEntries(chargePoints.map((cp) => [cp.id, cp.name]));
  const namesOn = (key: 'siteId' | 'tariffId', id: string) => chargePoints.filter((cp) => cp[key] === id).map((cp) => cp.name);
  return (
    <>
      <PageHeading title={tp('sites.title')} description={tp('sites.description')} />
      <div className="grid items-start gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('sites')}</h2>
            </CardTitle>
            <CardDescription>{t('sitesHelp')}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            {sites.length === 0 && <p className="text-sm text-muted-foreground">{t('noSites')}</p>}
            {sites.map(presentSite).map((site) => (
              <div key={`${site.id}:${site.name}:${site.max_current_a}:${site.phases}:${site.min_current_per_session_a}`} className="flex flex-col gap-2">
                {/* A saved edit remounts it with the new limit (and polls at once). */}
                <SiteLoad
                  initial={site}
                  chargePointNames={chargePointNames}
                  actions={
                    <>
                      <Link href={`/sites/${site.id}`} className="self-center px-2 text-sm underline">
                        Invoices
                      </Link>
                      <SiteActions site={site} usedBy={namesOn('siteId', site.id)} />
                    </>
                  }
                />
                <SiteEnergyFlow siteId={site.id} />
              </div>
            ))}
            <h3 className="pt-2 text-sm font-medium">{t('addSite')}</h3>
            <AddSiteForm />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('tariffs')}</h2>
            </CardTitle>
            <CardDescription>{t('tariffsHelp')}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            {tariffs.length === 0 && <p className="text-sm text-muted-foreground">{t('noTariffs')}</p>}
            <ul aria-label={t('tariffs')} className="flex flex-col gap-2 text-sm">
              {tariffs.map(presentTariff).map((t) => (
                <li key={`${t.id}:${t.name}:${t.price_per_kwh}:${t.currency}:${JSON.stringify(t.time_blocks)}`} className="flex items-start justify-between gap-2 rounded-md border p-3">
                  <div className="min-w-0 pt-1">
                    <div>
                      <span className="font-medium break-words">{t.name}</span> · {t.price_per_kwh} {t.currency}/kWh
                    </div>
                    {t.time_blocks?.map((b, i) => (
                      <div key={i} className="text-muted-foreground">
                        {b.from}–{b.to} local time: {b.price_per_kwh} {t.currency}/kWh
                      </div>
                    ))}
                    <div className="font-mono text-xs break-all text-muted-foreground">{t.id}</div>
                  </div>
                  <TariffActions tariff={t} usedBy={namesOn('tariffId', t.id)} />
                </li>
              ))}
            </ul>
            <h3 className="pt-2 text-sm font-medium">{t('addTariff')}</h3>
            <AddTariffForm />
          </CardContent>
        </Card>
      </div>
      <SiteMembersCards userId={user.id} sites={sites} />
      <SiteMembersCards userId={user.id} sites={(await myMemberships(user.id)).filter((m) => m.role === 'manager').map((m) => ({ id: m.siteId, name: m.siteName }))} managed />
    </>
  );
}
