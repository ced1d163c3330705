'use client';

import { BatteryIcon, HomeIcon, PlugZapIcon, SunIcon, UtilityPoleIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type * as React from 'react';

import { DateTime } from '@/components/date-time';
import { Badge } from '@/components/ui/badge';
import { useFormats } from '@/i18n/formats';
import { usePolled } from './use-polled';

export interface SiteEnergy {
  id: string;
  name: string;
  phases: number;
  fixed_limit_a: number | null;
  effective_limit_a: number | null;
  limit_source: 'live' | 'fixed' | 'none';
  measurement: {
    grid_power_w: number;
    pv_power_w: number | null;
    battery_power_w: number | null;
    max_import_a: number | null;
    measured_at: string;
    source: string;
    fresh: boolean;
  } | null;
  measured: { grid_power_w: number | null; pv_power_w: number | null; battery_power_w: number | null };
  chargers_power_w: number;
  allocated_power_w: number;
  surplus_power_w: number | null;
}

function Flow({ icon, label, value, detail }: { icon: React.ReactNode; label: string; value: string; detail?: string }) {
  return (
    <div className="flex min-w-28 flex-1 flex-col items-center gap-1 rounded-md border p-2 text-center" aria-label={label}>
      {icon}
      <span className="text-xs text-muted-foreground">{label}</span>
      <span className="font-medium tabular-nums">{value}</span>
      {detail && <span className="text-xs text-muted-foreground">{detail}</span>}
    </div>
  );
}

/** A site's live energy flow (grid, solar, home battery, chargers), polled every 5 s, with where the values came from and when. */
export function SiteEnergyFlow({ siteId }: { siteId: string }) {
  const t = useTranslations('energyFlow');
  const kw = useFormats().powerW;
  const [site] = usePolled<SiteEnergy | null>(`/api/ha/sites/${siteId}`, null, 5_000);
  if (!site) return null;
  const m = site.measurement;
  const grid = site.measured.grid_power_w;
  const battery = site.measured.battery_power_w;
  return (
    <section aria-label={t('of', { site: site.name })} className="flex flex-col gap-2 rounded-md border p-3 text-sm">
      <h3 className="font-medium">{t('title')}</h3>
      {!m ? (
        <p className="text-muted-foreground">
          {t('none')}
        </p>
      ) : (
        <>
          <div className="flex flex-wrap gap-2">
            <Flow
              icon={<UtilityPoleIcon className="size-4" aria-hidden />}
              label={t('grid')}
              value={grid === null ? '—' : kw(Math.abs(grid))}
              detail={grid === null ? t('stale') : grid < 0 ? t('exporting') : t('importing')}
            />
            <Flow icon={<SunIcon className="size-4" aria-hidden />} label={t('solar')} value={site.measured.pv_power_w === null ? '—' : kw(site.measured.pv_power_w)} />
            <Flow
              icon={<BatteryIcon className="size-4" aria-hidden />}
              label={t('battery')}
              value={battery === null ? '—' : kw(Math.abs(battery))}
              detail={battery === null ? undefined : battery > 0 ? t('discharging') : battery < 0 ? t('charging') : t('idle')}
            />
            <Flow icon={<PlugZapIcon className="size-4" aria-hidden />} label={t('chargers')} value={kw(site.chargers_power_w)} detail={t('allocated', { power: kw(site.allocated_power_w) })} />
            <Flow icon={<HomeIcon className="size-4" aria-hidden />} label={t('surplus')} value={site.surplus_power_w === null ? '—' : kw(site.surplus_power_w)} />
          </div>
          <p className="text-xs text-muted-foreground" data-testid="measurement-source">
            {m.fresh ? <Badge variant="secondary">{t('live')}</Badge> : <Badge variant="destructive">{t('stale')}</Badge>}{' '}
            {t.rich('from', { source: m.source, when: () => <DateTime value={m.measured_at} /> })}
            {!m.fresh && t('staleNote')}
          </p>
        </>
      )}
      <p className="text-xs text-muted-foreground" data-testid="effective-limit">
        {site.effective_limit_a === null
          ? t('noLimit')
          : site.limit_source === 'live'
            ? t('liveLimit', { limit: site.effective_limit_a, fixed: site.fixed_limit_a ?? t('none2') })
            : t('fixedLimit', { limit: site.effective_limit_a })}
      </p>
    </section>
  );
}
