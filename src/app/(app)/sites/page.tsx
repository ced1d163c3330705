import type { Metadata } from 'next';

import { SiteLoad } from '@/components/charge-points/site-load';
import { AddSiteForm, AddTariffForm } from '@/components/charge-points/sites-and-tariffs';
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
              <SiteLoad key={site.id} initial={site} chargePointNames={chargePointNames} />
            ))}
            <AddSiteForm />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Tariffs</h2>
            </CardTitle>
            <CardDescription>Time blocks (e.g. a night rate) can be set through the API.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <ul aria-label="Tariffs" className="flex flex-col gap-1 text-sm">
              {tariffs.map(presentTariff).map((t) => (
                <li key={t.id}>
                  <span className="font-medium">{t.name}</span> · {t.price_per_kwh} {t.currency}/kWh
                  {t.time_blocks && ` · ${t.time_blocks.length} time block(s)`} · <span className="font-mono text-xs">{t.id}</span>
                </li>
              ))}
            </ul>
            <AddTariffForm />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
