import { SunIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useFormats } from '@/i18n/formats';

export interface SiteDay {
  site_id: string;
  site_name: string;
  day: string;
  pv_wh: number;
  grid_import_wh: number;
  grid_export_wh: number;
  chargers_wh: number;
  chargers_by_source_wh: { solar: number; battery: number; grid: number };
}

/** The dashboard's "today's energy by source": per site with measurements, what the chargers took from solar, battery and grid. */
export function EnergySourcesCard({ days }: { days: SiteDay[] }) {
  const t = useTranslations('energySources');
  const f = useFormats();
  const kwh = (wh: number) => f.energyKwh(wh / 1000, 1);
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2 className="flex items-center gap-2">
            <SunIcon className="size-4" aria-hidden /> {t('title')}
          </h2>
        </CardTitle>
        <CardDescription>{t('help')}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        {days.map((d) => {
          const total = d.chargers_wh || 1;
          const share = (wh: number) => `${Math.round((wh / total) * 100)}%`;
          return (
            <section key={d.site_id} aria-label={t('today', { site: d.site_name })} className="flex flex-col gap-1">
              <h3 className="font-medium">{d.site_name}</h3>
              <p>
                {t.rich('chargers', {
                  total: kwh(d.chargers_wh),
                  solar: kwh(d.chargers_by_source_wh.solar),
                  share: share(d.chargers_by_source_wh.solar),
                  battery: kwh(d.chargers_by_source_wh.battery),
                  grid: kwh(d.chargers_by_source_wh.grid),
                  n: (chunks) => <span className="tabular-nums">{chunks}</span>,
                })}
              </p>
              <div className="flex h-2 overflow-hidden rounded bg-muted" aria-hidden>
                <div className="bg-yellow-400" style={{ width: share(d.chargers_by_source_wh.solar) }} />
                <div className="bg-green-500" style={{ width: share(d.chargers_by_source_wh.battery) }} />
                <div className="bg-slate-500" style={{ width: share(d.chargers_by_source_wh.grid) }} />
              </div>
              <p className="text-xs text-muted-foreground">
                {t('produced', { pv: kwh(d.pv_wh), imported: kwh(d.grid_import_wh), exported: kwh(d.grid_export_wh) })}
              </p>
            </section>
          );
        })}
      </CardContent>
    </Card>
  );
}
