/** A UTC calendar day in words ("1 June 2026"): for dates (period starts, renewals), not moments. */
export const formatDay = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
