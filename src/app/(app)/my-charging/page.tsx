import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';

import { CarAndPlan } from '@/components/charge-points/car-and-plan';
import { BlockTagButton, StartStopButtons } from '@/components/my-charging/driver-actions';
import { MyInvoicesCard } from '@/components/my-charging/my-invoices-card';
import { MonthlyEnergyChart } from '@/components/my-charging/monthly-energy-chart';
import { PageHeading } from '@/components/site/page-heading';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { formatsFor } from '@/i18n/formats';
import { myChargePoints, mySessions, mySessionsQuery } from '@/server/chargers/drivers';
import { myIdTags, presentMyIdTag } from '@/server/chargers/id-tags';
import { myInvoices, presentInvoice } from '@/server/invoices/invoices';
import { listVehicles, presentVehicle } from '@/server/vehicles/vehicles';
import { searchParam } from '../../(public)/search-param';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('myCharging.title') };
}

const when = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

function shiftMonth(month: string, by: number) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The driver portal: own sessions across sites, a monthly chart, own id tags, start/stop at the charge points they may use. */
export default async function MyChargingPage({ searchParams }: { searchParams: Promise<{ month?: string | string[] }> }) {
  const user = await requireSignedIn('/my-charging');
  const parsed = mySessionsQuery.safeParse({ month: searchParam((await searchParams).month) });
  const query = parsed.success ? parsed.data : {};
  const t = await getTranslations('myCharging');
  const tp = await getTranslations('pages');
  const tc = await getTranslations('common');
  const f = formatsFor(await getFormatter());
  const kwh = (wh: number | null) => (wh === null ? '–' : f.energyWh(wh));
  const money = (cost: { currency: string; amount: number }[]) => (cost.length ? cost.map((c) => `${f.fixed(c.amount, 2)} ${c.currency}`).join(' + ') : '–');
  const [sessions, chargePoints, tags, invoices, vehicles] = await Promise.all([
    mySessions(user.id, query),
    myChargePoints(user.id, await getLocale()),
    myIdTags(user.id),
    myInvoices(user.id),
    listVehicles(user.id),
  ]);
  const carOptions = vehicles.map((v) => ({ id: v.id, name: presentVehicle(v).display_name ?? 'Vehicle' }));
  return (
    <>
      <PageHeading title={tp('myCharging.title')} description={tp('myCharging.description')} />
      <div className="grid items-start gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('chargePoints')}</h2>
            </CardTitle>
            <CardDescription>{t('chargePointsHelp')}</CardDescription>
          </CardHeader>
          <CardContent>
            {chargePoints.length === 0 && <p className="text-sm text-muted-foreground">{t('noChargePoints')}</p>}
            <ul aria-label={t('chargePointsList')} className="flex flex-col gap-2 text-sm">
              {chargePoints.map((cp) => (
                <li key={cp.id} className="flex items-start justify-between gap-2 rounded-md border p-3">
                  <div className="min-w-0">
                    <div className="font-medium">{cp.name}</div>
                    <div className="text-muted-foreground">
                      {cp.site_name} · {cp.connected ? (cp.status ?? tc('online')) : tc('offline')}
                      {cp.my_sessions.length > 0 && t('chargingForYou')}
                      {cp.busy_evse_ids.length > 0 && t('inUseOn', { connectors: cp.busy_evse_ids.map((e) => t('connector', { id: e })).join(', ') })}
                    </div>
                  </div>
                  <StartStopButtons chargePointId={cp.id} name={cp.name} running={cp.my_sessions.length > 0} />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('myIdTags')}</h2>
            </CardTitle>
            <CardDescription>{t('myIdTagsHelp')}</CardDescription>
          </CardHeader>
          <CardContent>
            {tags.length === 0 && <p className="text-sm text-muted-foreground">{t('noIdTags')}</p>}
            <ul aria-label={t('myIdTags')} className="flex flex-col gap-2 text-sm">
              {tags.map(presentMyIdTag).map((t) => (
                <li key={`${t.id}:${t.status}`} className="flex items-center justify-between gap-2 rounded-md border p-3">
                  <div className="min-w-0">
                    <span className="font-mono">{t.tag}</span> {t.label && <span className="text-muted-foreground">({t.label})</span>}
                    <div className="text-muted-foreground">{t.site_name}</div>
                  </div>
                  <div className="flex items-center gap-2">
                    <Badge variant={t.status === 'Accepted' ? 'secondary' : 'destructive'}>{t.status}</Badge>
                    {t.status === 'Accepted' && <BlockTagButton id={t.id} tag={t.tag} />}
                  </div>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </div>
      {/* The car and plan of each running session of the driver's own (their tag started it). */}
      {chargePoints
        .filter((cp) => cp.my_sessions.length > 0)
        .map((cp) => (
          <div key={cp.id} className="max-w-2xl">
            <CarAndPlan chargePointId={cp.id} vehicles={carOptions} place={`${cp.name} · ${cp.site_name}`} />
          </div>
        ))}
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('sessionsIn', { month: sessions.month })}</h2>
          </CardTitle>
          <CardDescription>
            {t('summary', { energy: kwh(sessions.totals.energy_wh), count: sessions.totals.sessions, cost: money(sessions.totals.cost) })}{' '}
            <Link className="underline" href={`/my-charging?month=${shiftMonth(sessions.month, -1)}`}>
              {t('previousMonth')}
            </Link>{' '}
            ·{' '}
            <Link className="underline" href={`/my-charging?month=${shiftMonth(sessions.month, 1)}`}>
              {t('nextMonth')}
            </Link>
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <MonthlyEnergyChart months={sessions.months} />
          {sessions.sessions.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t('noSessions')}</p>
          ) : (
            <table className="w-full text-sm" aria-label={t('mySessions')}>
              <thead className="text-left text-muted-foreground">
                <tr>
                  <th className="py-1 font-medium">{t('colStarted')}</th>
                  <th className="py-1 font-medium">{t('colWhere')}</th>
                  <th className="py-1 font-medium">{t('colIdTag')}</th>
                  <th className="py-1 text-right font-medium">{t('colEnergy')}</th>
                  <th className="py-1 text-right font-medium">{t('colCost')}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.sessions.map((s) => (
                  <tr key={s.id} className="border-t">
                    <td className="py-1">
                      {when(s.started_at)}
                      {!s.stopped_at && t('running')}
                    </td>
                    <td className="py-1">
                      {s.charge_point_name} · {s.site_name}
                    </td>
                    <td className="py-1 font-mono">{s.id_tag}</td>
                    <td className="py-1 text-right">{kwh(s.energy_wh)}</td>
                    <td className="py-1 text-right">{s.cost === null ? '–' : `${f.fixed(s.cost, 2)} ${s.currency}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
      <MyInvoicesCard invoices={invoices.map(presentInvoice)} />
    </>
  );
}
