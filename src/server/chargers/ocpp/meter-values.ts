import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { RPCPropertyConstraintViolationError } from 'ocpp-rpc/lib/errors.js';
import { preparedStatement } from '@/server/db/prepared';
import { meterValues } from '@/server/db/schema';
import { messageClock, type MessageClock } from './time';

export const ENERGY_REGISTER = 'Energy.Active.Import.Register';

export interface Sample {
  sampledAt: Date;
  measurand: string;
  phase: string;
  location: string;
  context: string | null;
  unit: string | null;
  value: number;
  signedMeterValue?: SignedMeterValue;
}

/** 2.0.1 SignedMeterValueType: the meter's own signed record of the reading, kept as sent. */
export type SignedMeterValue = {
  signedMeterData: string;
  signingMethod: string;
  encodingMethod: string;
  publicKey: string;
};

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
    signedMeterValue?: SignedMeterValue;
  }[];
}

/** kWh, kW, kvarh, kVA… become Wh, W, varh, VA so energy is always summed in Wh. */
function baseUnit(value: number, unit: string | null): { value: number; unit: string | null } {
  if (unit && /^k(Wh|W|varh|var|VA)$/.test(unit)) return { value: value * 1000, unit: unit.slice(1) };
  return { value, unit };
}

const defaultUnit = (measurand: string) => (measurand.startsWith('Energy.Active') ? 'Wh' : null);

/** Larger than any meter reads (a terawatt-hour, a terawatt): a reading beyond it is a fault or an attack, and sums of it overflow. */
export const MAX_READING = 1e12;

/**
 * A reading as stored, or a PropertyConstraintViolation for the whole
 * message: a value beyond MAX_READING (or not finite), or a negative energy
 * register (registers count up from zero), is never stored or priced.
 */
export function checkedReading(measurand: string, value: number, field = measurand): number {
  if (!(Math.abs(value) <= MAX_READING)) throw new RPCPropertyConstraintViolationError(`${field} ${value} is out of range`);
  if (value < 0 && /^Energy\..*Register$/.test(measurand)) throw new RPCPropertyConstraintViolationError(`${field} must not be negative`);
  return value;
}

/** 1.6 sampled values; signed data and unreadable values are skipped (they carry no plain reading). */
export function samplesFrom16(values: MeterValue16[] = [], clock: MessageClock = messageClock()): Sample[] {
  return values.flatMap((mv) => {
    const sampledAt = clock.time(mv.timestamp);
    return mv.sampledValue
      .filter((s) => s.format !== 'SignedData' && s.value.trim() !== '' && !Number.isNaN(Number(s.value)))
      .map((s) => {
        const measurand = s.measurand ?? ENERGY_REGISTER;
        const { value, unit } = baseUnit(Number(s.value), s.unit ?? defaultUnit(measurand));
        return { sampledAt, measurand, phase: s.phase ?? '', location: s.location ?? '', context: s.context ?? null, unit, value: checkedReading(measurand, value) };
      });
  });
}

/** 2.0.1 sampled values, the multiplier applied. */
export function samplesFrom201(values: MeterValue201[] = [], clock: MessageClock = messageClock()): Sample[] {
  return values.flatMap((mv) => {
    const sampledAt = clock.time(mv.timestamp);
    return mv.sampledValue.map((s) => {
      const measurand = s.measurand ?? ENERGY_REGISTER;
      const { value, unit } = baseUnit(s.value * 10 ** (s.unitOfMeasure?.multiplier ?? 0), s.unitOfMeasure?.unit ?? defaultUnit(measurand));
      const sample: Sample = { sampledAt, measurand, phase: s.phase ?? '', location: s.location ?? '', context: s.context ?? null, unit, value: checkedReading(measurand, value) };
      return s.signedMeterValue ? { ...sample, signedMeterValue: s.signedMeterValue } : sample;
    });
  });
}

interface SampleTarget {
  chargePointId: SQL | Placeholder;
  /** SQL naming a column of a CTE the statement selects from (see `from`), or a placeholder. */
  evseId: SQL | Placeholder;
  transactionId: SQL;
}

/** Samples as the one JSON parameter `insertSamples` reads: the statement's text stays the same whatever their number. */
export function samplesJson(samples: Sample[]): string {
  return JSON.stringify(
    samples.map((s) => ({
      sampled_at: s.sampledAt.toISOString(),
      measurand: s.measurand,
      phase: s.phase,
      location: s.location,
      context: s.context,
      unit: s.unit,
      value: s.value,
      signed_meter_value: s.signedMeterValue ?? null,
    })),
  );
}

/**
 * An INSERT of samples (`samples` holds `samplesJson`), one statement to
 * embed in a larger one (the transaction it belongs to and the samples then
 * commit together, in one round trip). A resent sample hits the unique key
 * and is skipped; the statement returns a row per new sample.
 */
export function insertSamples(target: SampleTarget, samples: Placeholder, from?: SQL): SQL {
  return sql`insert into ${meterValues} (charge_point_id, transaction_id, evse_id, sampled_at, measurand, phase, location, context, unit, value, signed_meter_value)
    select ${target.chargePointId}::uuid, ${target.transactionId}::uuid, ${target.evseId}::integer, s.*
    from ${from ? sql`${from}, ` : sql``}jsonb_to_recordset(${samples}::jsonb)
      as s(sampled_at timestamptz, measurand text, phase text, location text, context text, unit text, value double precision, signed_meter_value jsonb)
    on conflict do nothing
    returning 1`;
}

const insertSamplesOnly = preparedStatement<{ chargePointId: string; evseId: number; samples: string }>(() =>
  insertSamples({ chargePointId: sql.placeholder('chargePointId'), evseId: sql.placeholder('evseId'), transactionId: sql`null` }, sql.placeholder('samples')),
);

/** Stores samples that belong to no transaction, once: a resent sample hits the unique key and is skipped. */
export async function storeSamples(target: { chargePointId: string; evseId: number }, samples: Sample[]): Promise<void> {
  if (samples.length > 0) await insertSamplesOnly({ ...target, samples: samplesJson(samples) });
}

/**
 * The lowest and highest energy register readings (whole meter, all phases)
 * among `samples`. Min and max are idempotent and order-free, so folding each
 * message's range into the transaction gives the same result as aggregating
 * every stored sample, however often and in whatever order messages arrive,
 * without re-reading a long session's samples on every message.
 */
export function registerRange(samples: Sample[]): { low: number; high: number } | undefined {
  const readings = samples.filter((s) => s.measurand === ENERGY_REGISTER && s.phase === '').map((s) => s.value);
  return readings.length === 0 ? undefined : { low: Math.min(...readings), high: Math.max(...readings) };
}
