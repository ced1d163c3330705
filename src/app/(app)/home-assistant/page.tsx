import type { Metadata } from 'next';
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
import { chargePointAutomationYaml, evccVehicleYaml, homeAssistantRestYaml, type SnippetVehicle } from '@/server/ha/setup-snippets';
import { presentHaVehicle } from '@/server/ha/vehicle-status';
import { publicBaseUrl } from '@/server/http/public-url';
import { listVehicles } from '@/server/vehicles/vehicles';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Connect Home Assistant' };

function Step({ n, title, children }: { n: number; title: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>
            {n}. {title}
          </h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">{children}</CardContent>
    </Card>
  );
}

export default async function HomeAssistantPage() {
  const user = await requireSignedIn('/home-assistant');
  const appUrl = publicBaseUrl(await headers());
  const rows = await listVehicles(user.id);
  const names = new Map(rows.map((row) => [row.id, presentHaVehicle(row).information.displayName ?? 'Vehicle']));
  const vehicles: SnippetVehicle[] = rows.map((row) => {
    const vehicle = presentHaVehicle(row);
    const capacity = (row.state?.chargeState as { batteryCapacity?: unknown } | undefined)?.batteryCapacity;
    return {
      id: vehicle.id,
      name: vehicle.information.displayName ?? ([vehicle.information.brand, vehicle.information.model].filter(Boolean).join(' ') || 'Vehicle'),
      capacityKwh: typeof capacity === 'number' ? capacity : null,
    };
  });
  const chargePoints = (await listChargePoints(user.id)).map((cp) => ({ id: cp.id, name: cp.name }));
  for (const cp of chargePoints) names.set(cp.id, cp.name);
  const targets = (await listPushTargets(user.id)).map((target) => ({
    ...presentPushTarget(target),
    subject_name: names.get(target.vehicleId ?? target.chargePointId ?? '') ?? (target.chargePointId ? 'Charge point' : 'Vehicle'),
  }));

  return (
    <>
      <PageHeading
        title="Connect Home Assistant"
        description="Three steps with the EVConduit integration, or ready-to-paste configuration without it."
      />
      <div className="grid items-start gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <Step n={1} title="Create an API key">
          <p>One key per Home Assistant installation, so you can revoke it alone.</p>
          <Button asChild className="self-start">
            <Link href="/api-keys">Create an API key</Link>
          </Button>
        </Step>
        <Step n={2} title="Install the integration">
          <p>
            In Home Assistant open HACS, search for <strong>EVConduit</strong>, install it and restart Home
            Assistant. Then go to Settings → Devices &amp; services → Add integration → EVConduit.
          </p>
        </Step>
        <Step n={3} title="Paste the key">
          <p>Enter the key and this address when the integration asks for them.</p>
          <CopyableValue label="Base URL" value={appUrl} />
          <LocalAddressNotice url={appUrl} />
        </Step>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Real-time push</h2>
          </CardTitle>
          <CardDescription>
            New vehicle data and charge point changes are sent to Home Assistant as they arrive. Failed pushes are
            retried for several hours.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <PushTargetsTable targets={targets} />
          {chargePoints.length > 0 && (
            <div className="flex flex-col gap-4">
              <h3 className="font-medium">Push a charge point</h3>
              <p className="text-sm text-muted-foreground">
                Create an automation with a Webhook trigger in Home Assistant, then add its webhook id here. Each
                change of the charge point (status, session, power) arrives as <code>trigger.json.chargePoint</code>.
              </p>
              <ChargePointPushForm chargePoints={chargePoints} />
              <CopyableValue label="Example automation" value={chargePointAutomationYaml(chargePoints[0])} />
            </div>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Without the integration</h2>
          </CardTitle>
          <CardDescription>
            REST sensors for your vehicles and charge points in <code>configuration.yaml</code> (put <code>Bearer</code> and your key in{' '}
            <code>secrets.yaml</code>), and an evcc vehicle reading the state of charge. Each poll counts as one call.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {vehicles.length === 0 && chargePoints.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              Link a vehicle on the <Link href="/dashboard" className="underline">dashboard</Link> or add a{' '}
              <Link href="/charge-points" className="underline">charge point</Link> first: the configuration is
              filled in with their ids.
            </p>
          ) : (
            <>
              <CopyableValue label="Home Assistant configuration.yaml" value={homeAssistantRestYaml(appUrl, vehicles, chargePoints)} testId="ha-yaml" />
              {vehicles.map((vehicle) => (
                <CopyableValue key={vehicle.id} label={`evcc: ${vehicle.name}`} value={evccVehicleYaml(appUrl, vehicle)} />
              ))}
            </>
          )}
        </CardContent>
      </Card>
    </>
  );
}
