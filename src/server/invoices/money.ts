import Decimal from 'decimal.js';

/**
 * Exact decimal money: amounts are decimal strings, never floats. Every
 * rounding is half away from zero (ROUND_HALF_UP on magnitudes) to the
 * currency's minor unit (2 for EUR and CHF, 0 for JPY, 3 for BHD).
 */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

const digitsCache = new Map<string, number>();

/** The currency's minor-unit digits (ICU's data). */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/** To the currency's minor unit, half away from zero. */
export const toMinor = (value: Dec, currency: string): Dec => value.toDecimalPlaces(minorDigits(currency), D.ROUND_HALF_UP);

/** As stored and shown: fixed to the currency's minor unit. */
export const money = (value: Dec, currency: string): string => toMinor(value, currency).toFixed(minorDigits(currency));

/** A price per kWh as a decimal (tariff prices have at most 4 decimals). */
export const price = (value: number | string): Dec => new D(String(value)).toDecimalPlaces(4);

/** Energy in kWh to 0.001 from Wh (float sums of 15-minute shares). */
export const kwh = (wh: number): Dec => new D(wh.toFixed(6)).div(1000).toDecimalPlaces(3, D.ROUND_HALF_UP);
