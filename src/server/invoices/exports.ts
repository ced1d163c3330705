import { INTERVAL_MS } from '@/server/chargers/energy-intervals';
import { formatLocal, localMonthRange } from '@/server/chargers/local-time';
import { requireSiteRole } from '@/server/chargers/site-access';
import { csvDocument } from '@/server/http/csv';
import { kwh, money, price, toMinor } from './money';
import { forEachPricedSession, forEachSessionIntervals } from './month-usage';

const MONTH_HEADER = [
  'transaction_id',
  'charge_point',
  'evse_id',
  'id_tag',
  'billed_to',
  'started_at',
  'started_at_local',
  'stopped_at',
  'price_per_kwh',
  'energy_kwh',
  'net',
  'currency',
];

/**
 * The month for accounting (owner and managers): one row per session and
 * price inside the site's local month, priced like the invoices (net, before
 * VAT; sessions no one is billed for too, with an empty `billed_to`).
 */
export async function monthCsv(userId: string, siteId: string, month: string) {
  const { site } = await requireSiteRole(userId, siteId, ['owner', 'manager']);
  const range = localMonthRange(month, site.timeZone);
  const rows: (string | number | null)[][] = [];
  await forEachPricedSession(site, range, (s) => {
    const periods = s.tariff ? s.energy.byPrice : [['', s.energy.wh] as const];
    for (const [p, wh] of periods) {
      const energy = kwh(wh);
      const currency = s.tariff?.currency ?? '';
      rows.push([
        s.transactionId,
        s.chargePoint,
        s.evseId,
        s.idTag,
        s.bill?.name ?? '',
        s.startedAt.toISOString(),
        formatLocal(s.startedAt.getTime(), site.timeZone),
        s.stoppedAt?.toISOString() ?? '',
        p === '' ? '' : price(p).toFixed(4),
        energy.toFixed(3),
        p === '' ? '' : money(toMinor(energy.mul(price(p)), currency), currency),
        currency,
      ]);
    }
  });
  return { filename: `${site.name}-${month}.csv`, csv: csvDocument(MONTH_HEADER, rows) };
}

const ZEV_HEADER = ['holder', 'metering_point', 'interval_start_utc', 'interval_start_local', 'interval_end_local', 'energy_kwh'];

/**
 * The ZEV hand-over (owner and managers): 15-minute load profile per person
 * billed (holder) and charge point, in the site's local month, for a ZEV
 * billing tool's import. Columns in docs/invoices.md.
 */
export async function zevCsv(userId: string, siteId: string, month: string) {
  const { site } = await requireSiteRole(userId, siteId, ['owner', 'manager']);
  const range = localMonthRange(month, site.timeZone);
  const totals = new Map<string, { holder: string; point: string; start: number; wh: number }>();
  await forEachSessionIntervals(site, range, (s) => {
    const holder = s.bill?.name ?? `unassigned ${s.idTag}`.trim();
    for (const [start, wh] of s.intervals) {
      const key = `${holder}|${s.chargePoint}|${start}`;
      const row = totals.get(key) ?? { holder, point: s.chargePoint, start, wh: 0 };
      row.wh += wh;
      totals.set(key, row);
    }
  });
  const rows = [...totals.values()]
    .filter((r) => r.wh > 0)
    .sort((a, b) => a.holder.localeCompare(b.holder) || a.point.localeCompare(b.point) || a.start - b.start)
    .map((r) => [
      r.holder,
      r.point,
      new Date(r.start).toISOString(),
      formatLocal(r.start, site.timeZone),
      formatLocal(r.start + INTERVAL_MS, site.timeZone),
      kwh(r.wh).toFixed(3),
    ]);
  return { filename: `${site.name}-${month}-zev.csv`, csv: csvDocument(ZEV_HEADER, rows) };
}


