import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/server/db/client';
import { meterValues } from '@/server/db/schema';
import { ocppTime } from './time';

export const ENERGY_REGISTER = 'Energy.Active.Import.Register';

export interface Sample {
  sampledAt: Date;
  measurand: string;
  phase: string;
  location: string;
  context: string | null;
  unit: string | null;
  value: number;
}

export interface MeterValue16 {
  timestamp: string;
  sampledValue: { value: string; context?: string; format?: string; measurand?: string; phase?: string; location?: string; unit?: string }[];
}

export interface MeterValue201 {
  timestamp: string;
  sampledValue: {
    value: number;
    context?: string;
    measurand?: string;
    phase?: string;
    location?: string;
    unitOfMeasure?: { unit?: string; multiplier?: number };
  }[];
}

/** kWh, kW, kvarh, kVA… become Wh, W, varh, VA so energy is always summed in Wh. */
function baseUnit(value: number, unit: string | null): { value: number; unit: string | null } {
  if (unit && /^k(Wh|W|varh|var|VA)$/.test(unit)) return { value: value * 1000, unit: unit.slice(1) };
  return { value, unit };
}

const defaultUnit = (measurand: string) => (measurand.startsWith('Energy.Active') ? 'Wh' : null);

/** 1.6 sampled values; signed data and unreadable numbers are skipped (they carry no plain reading). */
export function samplesFrom16(values: MeterValue16[] = []): Sample[] {
  return values.flatMap((mv) =>
    mv.sampledValue
      .filter((s) => s.format !== 'SignedData' && Number.isFinite(Number(s.value)))
      .map((s) => {
        const measurand = s.measurand ?? ENERGY_REGISTER;
        const { value, unit } = baseUnit(Number(s.value), s.unit ?? defaultUnit(measurand));
        return { sampledAt: ocppTime(mv.timestamp), measurand, phase: s.phase ?? '', location: s.location ?? '', context: s.context ?? null, unit, value };
      }),
  );
}

export function samplesFrom201(values: MeterValue201[] = []): Sample[] {
  return values.flatMap((mv) =>
    mv.sampledValue.map((s) => {
      const measurand = s.measurand ?? ENERGY_REGISTER;
      const scaled = s.value * 10 ** (s.unitOfMeasure?.multiplier ?? 0);
      const { value, unit } = baseUnit(scaled, s.unitOfMeasure?.unit ?? defaultUnit(measurand));
      return { sampledAt: ocppTime(mv.timestamp), measurand, phase: s.phase ?? '', location: s.location ?? '', context: s.context ?? null, unit, value };
    }),
  );
}

/** Stores samples once: a resent sample hits the unique key and is skipped. */
export async function storeSamples(
  db: Db | Tx,
  target: { chargePointId: string; evseId: number; transactionId: string | null },
  samples: Sample[],
): Promise<void> {
  if (samples.length === 0) return;
  await db
    .insert(meterValues)
    .values(samples.map((s) => ({ ...target, ...s })))
    .onConflictDoNothing();
}

/** 2.0.1 energy: the spread of the transaction's energy register readings (whole meter, all phases). */
export async function recomputeEnergy(tx: Tx, transactionId: string): Promise<void> {
  await tx.execute(sql`
    update transactions t set
      meter_start_wh = r.min,
      meter_stop_wh = case when t.stopped_at is null then null else r.max end,
      energy_wh = r.max - r.min
    from (
      select min(value) as min, max(value) as max from meter_values
      where transaction_id = ${transactionId} and measurand = ${ENERGY_REGISTER} and phase = ''
    ) r
    where t.id = ${transactionId} and r.min is not null`);
}
