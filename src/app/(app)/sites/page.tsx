import type { Metadata } from 'next';

import { AddSiteForm, SiteActions } from '@/components/charge-points/site-forms';
import { SiteLoad } from '@/components/charge-points/site-load';
import { AddTariffForm, TariffActions } from '@/components/charge-points/tariff-forms';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listChargePoints } from '@/server/chargers/charge-points';
import { listSites, presentSite } from '@/server/chargers/sites';
import { listTariffs, presentTariff } from '@/server/chargers/tariffs';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Sites and tariffs' };

export default async function SitesPage() {
  const user = await requireSignedIn('/sites');
  const [sites, tariffs, chargePoints] = await Promise.all([listSites(user.id), listTariffs(user.id), listChargePoints(user.id)]);
  const chargePointNames = Object.fromEntries(chargePoints.map((cp) => [cp.id, cp.name]));
  const namesOn = (key: 'siteId' | 'tariffId', id: string) => chargePoints.filter((cp) => cp[key] === id).map((cp) => cp.name);
  return (
    <>
      <PageHeading
        title="Sites and tariffs"
        description="A site shares its current among its charging sessions; a tariff prices each session when it stops. Assign them on a charge point."
      />
      <div className="grid items-start gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Sites</h2>
            </CardTitle>
            <CardDescription>Max current per phase, shared oldest session first; a session that does not fit waits at 0 A (queued). Updated every 5 s.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            {sites.length === 0 && <p className="text-sm text-muted-foreground">No sites yet.</p>}
            {sites.map(presentSite).map((site) => (
              <SiteLoad
                // A saved edit remounts it with the new limit (and polls at once).
                key={`${site.id}:${site.name}:${site.max_current_a}:${site.phases}:${site.min_current_per_session_a}`}
                initial={site}
                chargePointNames={chargePointNames}
                actions={<SiteActions site={site} usedBy={namesOn('siteId', site.id)} />}
              />
            ))}
            <h3 className="pt-2 text-sm font-medium">Add a site</h3>
            <AddSiteForm />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Tariffs</h2>
            </CardTitle>
            <CardDescription>A base price per kWh, optionally another price in time blocks (UTC), such as a night rate.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            {tariffs.length === 0 && <p className="text-sm text-muted-foreground">No tariffs yet.</p>}
            <ul aria-label="Tariffs" className="flex flex-col gap-2 text-sm">
              {tariffs.map(presentTariff).map((t) => (
                <li key={`${t.id}:${t.name}:${t.price_per_kwh}:${t.currency}:${JSON.stringify(t.time_blocks)}`} className="flex items-start justify-between gap-2 rounded-md border p-3">
                  <div className="min-w-0 pt-1">
                    <div>
                      <span className="font-medium break-words">{t.name}</span> · {t.price_per_kwh} {t.currency}/kWh
                    </div>
                    {t.time_blocks?.map((b, i) => (
                      <div key={i} className="text-muted-foreground">
                        {b.from}–{b.to} UTC: {b.price_per_kwh} {t.currency}/kWh
                      </div>
                    ))}
                    <div className="font-mono text-xs break-all text-muted-foreground">{t.id}</div>
                  </div>
                  <TariffActions tariff={t} usedBy={namesOn('tariffId', t.id)} />
                </li>
              ))}
            </ul>
            <h3 className="pt-2 text-sm font-medium">Add a tariff</h3>
            <AddTariffForm />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
