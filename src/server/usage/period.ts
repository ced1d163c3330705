/** Allowances run per calendar month in UTC: the period starts on the 1st and resets on the next 1st. */
export interface UsagePeriod {
  /** `YYYY-MM-01`, the `api_usage.period_start` key. */
  start: string;
  startsAt: Date;
  resetsAt: Date;
}

export function usagePeriod(at: Date): UsagePeriod {
  const startsAt = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const resetsAt = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start: startsAt.toISOString().slice(0, 10), startsAt, resetsAt };
}
