import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import Link from 'next/link';

import { CopyableValue } from '@/components/copyable-value';
import { ChargePointPushForm } from '@/components/home-assistant/charge-point-push-form';
import { PushTargetsTable } from '@/components/home-assistant/push-targets-table';
import { LocalAddressNotice } from '@/components/site/local-address-notice';
import { PageHeading } from '@/components/site/page-heading';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listChargePoints } from '@/server/chargers/charge-points';
import { listPushTargets, presentPushTarget } from '@/server/ha/push/targets';
import { EnergySnippets } from '@/components/home-assistant/energy-snippets';
import { listSites } from '@/server/chargers/sites';
import { chargePointAutomationYaml, evccVehicleYaml, homeAssistantRestYaml, nordpoolPricesYaml, type SnippetVehicle } from '@/server/ha/setup-snippets';
import { presentHaVehicle } from '@/server/ha/vehicle-status';
import { publicBaseUrl } from '@/server/http/public-url';
import { listVehicles } from '@/server/vehicles/vehicles';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('homeAssistant.title') };
}

function Step({ n, title, children }: { n: number; title: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{`${n}. ${title}`}</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">{children}</CardContent>
    </Card>
  );
}

export default async function HomeAssistantPage() {
  const tp = await getTranslations('pages');
  const user = await requireSignedIn('/home-assistant');
  const t = await getTranslations('ha');
  const locale = await getLocale();
  const appUrl = publicBaseUrl(await headers());
  const rows = await listVehicles(user.id);
  const names = new Map(rows.map((row) => [row.id, presentHaVehicle(row).information.displayName ?? t('vehicle')]));
  const vehicles: SnippetVehicle[] = rows.map((row) => {
    const vehicle = presentHaVehicle(row);
    const capacity = (row.state?.chargeState as { batteryCapacity?: unknown } | undefined)?.batteryCapacity;
    return {
      id: vehicle.id,
      name: vehicle.information.displayName ?? ([vehicle.information.brand, vehicle.information.model].filter(Boolean).join(' ') || t('vehicle')),
      capacityKwh: typeof capacity === 'number' ? capacity : null,
    };
  });
  const chargePoints = (await listChargePoints(user.id)).map((cp) => ({ id: cp.id, name: cp.name }));
  const sites = (await listSites(user.id)).map((site) => ({ id: site.id, name: site.name }));
  for (const cp of chargePoints) names.set(cp.id, cp.name);
  const targets = (await listPushTargets(user.id)).map((target) => ({
    ...presentPushTarget(target, locale),
    subject_name: names.get(target.vehicleId ?? target.chargePointId ?? '') ?? (target.chargePointId ? t('chargePoint') : t('vehicle')),
  }));

  return (
    <>
      <PageHeading title={tp('homeAssistant.title')} description={tp('homeAssistant.description')} />
      <div className="grid items-start gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <Step n={1} title={t('step1')}>
          <p>{t('step1Body')}</p>
          <Button asChild className="self-start">
            <Link href="/api-keys">{t('step1')}</Link>
          </Button>
        </Step>
        <Step n={2} title={t('step2')}>
          <p>{t.rich('step2Body', { b: (chunks) => <strong>{chunks}</strong> })}</p>
        </Step>
        <Step n={3} title={t('step3')}>
          <p>{t('step3Body')}</p>
          <CopyableValue label={t('baseUrl')} value={appUrl} />
          <LocalAddressNotice url={appUrl} />
        </Step>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('push')}</h2>
          </CardTitle>
          <CardDescription>{t('pushHelp')}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <PushTargetsTable targets={targets} />
          {chargePoints.length > 0 && (
            <div className="flex flex-col gap-4">
              <h3 className="font-medium">{t('pushChargePoint')}</h3>
              <p className="text-sm text-muted-foreground">{t.rich('pushChargePointHelp', { code: (chunks) => <code>{chunks}</code> })}</p>
              <ChargePointPushForm chargePoints={chargePoints} />
              <CopyableValue label={t('exampleAutomation')} value={chargePointAutomationYaml(chargePoints[0])} />
            </div>
          )}
        </CardContent>
      </Card>

      <EnergySnippets userId={user.id} appUrl={appUrl} />

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('without')}</h2>
          </CardTitle>
          <CardDescription>{t.rich('withoutHelp', { code: (chunks) => <code>{chunks}</code> })}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {vehicles.length === 0 && chargePoints.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {t.rich('nothingYet', {
                dashboard: (chunks) => (
                  <Link href="/dashboard" className="underline">
                    {chunks}
                  </Link>
                ),
                chargePoints: (chunks) => (
                  <Link href="/charge-points" className="underline">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          ) : (
            <>
              <CopyableValue label={t('haConfig')} value={homeAssistantRestYaml(appUrl, vehicles, chargePoints)} testId="ha-yaml" />
              {vehicles.map((vehicle) => (
                <CopyableValue key={vehicle.id} label={`evcc: ${vehicle.name}`} value={evccVehicleYaml(appUrl, vehicle)} />
              ))}
              {sites.map((site) => (
                <CopyableValue key={site.id} label={t('nordpoolLabel', { name: site.name })} value={nordpoolPricesYaml(appUrl, site)} />
              ))}
            </>
          )}
        </CardContent>
      </Card>
    </>
  );
}
