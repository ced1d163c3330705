import { getTranslations } from 'next-intl/server';

import { CopyableValue } from '@/components/copyable-value';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listChargePoints } from '@/server/chargers/charge-points';
import { listSites } from '@/server/chargers/sites';
import { siteEnergyYaml } from '@/server/ha/setup-snippets';

/** The Home Assistant page's energy management set-up: per site, sensors, commands and the 10-second push of the grid power. */
export async function EnergySnippets({ userId, appUrl }: { userId: string; appUrl: string }) {
  const [sites, chargePoints] = await Promise.all([listSites(userId), listChargePoints(userId)]);
  if (sites.length === 0) return null;
  const t = await getTranslations('haEnergy');
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('title')}</h2>
        </CardTitle>
        <CardDescription>
          {t.rich('help', { code: (chunks) => <code>{chunks}</code> })}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {sites.map((site) => (
          <CopyableValue
            key={site.id}
            label={t('yamlLabel', { site: site.name })}
            value={siteEnergyYaml(
              appUrl,
              { id: site.id, name: site.name },
              chargePoints.filter((cp) => cp.siteId === site.id).map((cp) => ({ id: cp.id, name: cp.name })),
            )}
            testId={`energy-yaml-${site.id}`}
          />
        ))}
      </CardContent>
    </Card>
  );
}
