/** A GetCompositeSchedule answer in words, e.g. "Accepted: 16 A now, 10 A from +30 min" (1.6 `chargingSchedule`, 2.0.1 `schedule`). */
export function describeCompositeSchedule(answer: Record<string, unknown>): string {
  const status = String(answer.status ?? 'Accepted');
  const schedule = (answer.chargingSchedule ?? answer.schedule) as
    | { chargingRateUnit?: string; chargingSchedulePeriod?: { startPeriod: number; limit: number; numberPhases?: number }[] }
    | undefined;
  const periods = schedule?.chargingSchedulePeriod ?? [];
  if (periods.length === 0) return status === 'Accepted' ? `${status}: no schedule` : status;
  const unit = schedule?.chargingRateUnit ?? '';
  const parts = periods.map((p) => {
    const limit = `${p.limit} ${unit}`.trim() + (p.numberPhases ? ` (${p.numberPhases}-phase)` : '');
    return p.startPeriod === 0 ? `${limit} now` : `${limit} from +${duration(p.startPeriod)}`;
  });
  return `${status}: ${parts.join(', ')}`;
}

/** Seconds as "2 h 15 min", "45 min" or "30 s". */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return [hours && `${hours} h`, minutes && `${minutes} min`].filter(Boolean).join(' ');
}
