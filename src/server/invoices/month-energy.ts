import { sql } from 'drizzle-orm';
import { getDb, resultRows } from '@/server/db/client';
import type { Tariff } from '@/server/db/schema';
import { INTERVAL_MS } from '@/server/chargers/energy-intervals';
import { ENERGY_REGISTER } from '@/server/chargers/ocpp/meter-values';
import { localMinuteOfDay, priceRuns } from '@/server/chargers/tariffs';

type Priced = Pick<Tariff, 'id' | 'pricePerKwh' | 'timeBlocks'>;

/** The interval length as a literal: the statement's text stays the same. */
const QUARTER = sql.raw(`${INTERVAL_MS}::bigint`);

/** A session's energy inside the month: in all, and per price (decimal string to 4 places) in the order the prices first apply. */
export interface SessionEnergy {
  wh: number;
  byPrice: [string, number][];
}

/** The local minute of day at each 15-minute interval's start (UTC-aligned, as `intervalEnergy` cuts them) from `base`. */
export interface MonthClock {
  base: number;
  minutes: string;
}

/** The month's intervals in the site's zone, once per run: PostgreSQL never needs the zone (its tz data may differ from the runtime's ICU). */
export function monthClock(range: { from: Date; to: Date }, timeZone: string): MonthClock {
  const from = range.from.getTime();
  const base = from - (((from % INTERVAL_MS) + INTERVAL_MS) % INTERVAL_MS);
  const minutes: number[] = [];
  for (let t = base; t < range.to.getTime(); t += INTERVAL_MS) minutes.push(localMinuteOfDay(t, timeZone));
  return { base, minutes: `{${minutes.join(',')}}` };
}

/**
 * The 15-minute energy of sessions, priced per interval start in local time,
 * summed by PostgreSQL: the same rule and float arithmetic, in the same order,
 * as `intervalEnergy` (src/server/chargers/energy-intervals.ts) followed by
 * `priceAt` per interval, so the node receives a few rows per session instead
 * of every reading. `tests/unit/month-energy.test.ts` holds the two equal.
 *
 * Readings: the stored register samples, then meterStart and meterStop; one
 * per millisecond (the first, as JS Dates see them), finite ones only. An
 * increase over the highest reading so far is spread evenly over the time
 * since the previous reading, cut to the month and to 15-minute intervals.
 */
export async function sessionEnergy(
  sessions: { id: string; tariff: Priced | null }[],
  range: { from: Date; to: Date },
  clock: MonthClock,
): Promise<Map<string, SessionEnergy>> {
  const out = new Map<string, SessionEnergy>();
  if (sessions.length === 0) return out;
  const tariffs = new Map(sessions.flatMap((s) => (s.tariff ? [[s.tariff.id, s.tariff] as const] : [])));
  const runs = [...tariffs.values()].flatMap((t) => priceRuns(t).map((r) => ({ tariff_id: t.id, from_minute: r.from, to_minute: r.to, price: r.price.toFixed(4) })));
  const list = JSON.stringify(sessions.map((s) => ({ id: s.id, tariff_id: s.tariff?.id ?? null })));
  const ids = `{${sessions.map((s) => s.id).join(',')}}`;
  const from = range.from.getTime();
  const to = range.to.getTime();
  const db = await getDb();
  const rows = resultRows<{ session_id: string; price: string | null; wh: number; first_bucket: string }>(
    await db.execute(sql`
      with sessions as (
        select t.id, s.tariff_id, t.started_at, t.stopped_at, t.meter_start_wh, t.meter_stop_wh
        from jsonb_to_recordset(${list}::jsonb) as s(id uuid, tariff_id uuid)
        join transactions t on t.id = s.id
      ),
      readings as (
        select transaction_id as session_id, sampled_at as at, value as wh, 0 as source, id as seq
        from meter_values
        where transaction_id = any(${ids}::uuid[]) and measurand = ${ENERGY_REGISTER} and phase = ''
        union all
        select id, started_at, meter_start_wh, 1, 0 from sessions where meter_start_wh is not null
        union all
        select id, stopped_at, meter_stop_wh, 2, 0 from sessions where stopped_at is not null and meter_stop_wh is not null
      ),
      points as (
        select distinct on (session_id, ms) session_id, ms, wh
        from (select *, floor(extract(epoch from at) * 1000)::bigint as ms from readings where isfinite(at) and wh not in ('NaN', 'Infinity', '-Infinity')) r
        order by session_id, ms, source, at, seq
      ),
      steps as (
        select session_id, lag(ms) over w as t0, ms as t1, wh, max(wh) over (w rows between unbounded preceding and 1 preceding) as highest
        from points
        window w as (partition by session_id order by ms)
      ),
      increases as (
        select session_id, t0, t1, wh - highest as wh, greatest(t0, ${from}::bigint) as a, least(t1, ${to}::bigint) as b
        from steps
        where t0 is not null and wh > highest
      ),
      shares as (
        select i.session_id, i.t1, q.bucket,
          i.wh * ((least(i.b, q.bucket + ${QUARTER}) - greatest(i.a, q.bucket))::float8 / (i.t1 - i.t0)::float8) as wh
        from increases i
        cross join lateral generate_series(i.a - (((i.a % ${QUARTER}) + ${QUARTER}) % ${QUARTER}), i.b - 1, ${QUARTER}) as q(bucket)
        where least(i.b, q.bucket + ${QUARTER}) > greatest(i.a, q.bucket)
      ),
      intervals as (
        select session_id, bucket, sum(wh order by t1) as wh
        from shares
        group by session_id, bucket
      ),
      runs as (
        select * from jsonb_to_recordset(${JSON.stringify(runs)}::jsonb) as r(tariff_id uuid, from_minute int, to_minute int, price text)
      ),
      clock as (
        select ${clock.base}::bigint + (n - 1) * ${QUARTER} as bucket, minute
        from unnest(${clock.minutes}::int[]) with ordinality as u(minute, n)
      ),
      priced as (
        select i.session_id, i.bucket, i.wh, coalesce(r.price, '') as price
        from intervals i
        join sessions s on s.id = i.session_id
        left join clock c on c.bucket = i.bucket
        left join runs r on r.tariff_id = s.tariff_id and c.minute >= r.from_minute and c.minute < r.to_minute
      )
      select session_id, price, sum(wh order by bucket) as wh, min(bucket)::text as first_bucket
      from priced
      group by grouping sets ((session_id, price), (session_id))`),
  );
  const first = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const energy = out.get(r.session_id) ?? { wh: 0, byPrice: [] };
    out.set(r.session_id, energy);
    if (r.price === null) energy.wh = Number(r.wh);
    else if (r.price !== '') {
      energy.byPrice.push([r.price, Number(r.wh)]);
      const starts = first.get(r.session_id) ?? new Map<string, number>();
      first.set(r.session_id, starts.set(r.price, Number(r.first_bucket)));
    }
  }
  for (const [id, starts] of first) out.get(id)!.byPrice.sort((a, b) => starts.get(a[0])! - starts.get(b[0])!);
  return out;
}
