import { z } from 'zod';

/** ISO 4217 codes this runtime knows (its ICU data), e.g. EUR, SEK, CHF. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A currency code in any case, stored upper-case; a made-up code such as XYZ is refused. */
export const currencySchema = z
  .string({ error: 'Enter a currency code, such as EUR' })
  .trim()
  .toUpperCase()
  .refine((code) => CURRENCIES.has(code), 'Enter an ISO 4217 currency code, such as EUR, SEK or CHF');
