import { useFormatter } from 'next-intl';

/**
 * The one way to show energy, power, money and calendar days: next-intl's
 * formatter in the reader's language ("12.50 kWh", "12,50 kWh"; "€3.70",
 * "3,70 €", "3,70 kr"). Client and plain server components: `useFormats()`;
 * async server components: `formatsFor(await getFormatter())`.
 */
export type Formatter = ReturnType<typeof useFormatter>;

export function formatsFor(format: Formatter) {
  const fixed = (value: number, digits: number) => format.number(value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return {
    /** A number with exactly `digits` decimals ("12.50", "12,50"). */
    fixed,
    /** Energy from watt-hours, in kWh with two decimals. */
    energyWh: (wh: number) => `${fixed(wh / 1000, 2)} kWh`,
    /** Energy in kWh, `digits` decimals (default two). */
    energyKwh: (kwh: number, digits = 2) => `${fixed(kwh, digits)} kWh`,
    /** Power from watts, in kW with one decimal. */
    powerW: (w: number) => `${fixed(w / 1000, 1)} kW`,
    /** An amount of money in its currency; a code Intl does not know shows as the number and the code. */
    money: (amount: number, currency: string) => {
      try {
        return format.number(amount, { style: 'currency', currency });
      } catch {
        return `${fixed(amount, 2)} ${currency}`;
      }
    },
    /** A plain number in the reader's language ("1,234.5", "1 234,5"). */
    number: (value: number, maximumFractionDigits = 2) => format.number(value, { maximumFractionDigits }),
    /** A calendar day ("1 June 2026", "1 juni 2026", "1. Juni 2026"), for dates such as period starts, not moments. */
    day: (iso: string) => format.dateTime(new Date(iso), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  };
}

export function useFormats() {
  return formatsFor(useFormatter());
}
