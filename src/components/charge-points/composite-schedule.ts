import { answerStatus, type CommandWords } from './command-rules';

/** A GetCompositeSchedule answer in words, e.g. "Accepted: 16 A now, 10 A from +30 min" (1.6 `chargingSchedule`, 2.0.1 `schedule`). */
export function describeCompositeSchedule(t: CommandWords, answer: Record<string, unknown>): string {
  const rawStatus = String(answer.status ?? 'Accepted');
  const status = answerStatus(t, rawStatus);
  const schedule = (answer.chargingSchedule ?? answer.schedule) as
    | { chargingRateUnit?: string; chargingSchedulePeriod?: { startPeriod: number; limit: number; numberPhases?: number }[] }
    | undefined;
  const periods = schedule?.chargingSchedulePeriod ?? [];
  if (periods.length === 0) return rawStatus === 'Accepted' ? t('schedule.none', { status }) : status;
  const unit = schedule?.chargingRateUnit ?? '';
  const parts = periods.map((p) => {
    const amount = `${p.limit} ${unit}`.trim();
    const limit = p.numberPhases ? t('schedule.phases', { limit: amount, phases: p.numberPhases }) : amount;
    return p.startPeriod === 0 ? t('schedule.now', { limit }) : t('schedule.from', { limit, after: duration(p.startPeriod) });
  });
  return t('schedule.answer', { status, periods: parts.join(', ') });
}

/** Seconds as "2 h 15 min", "45 min" or "30 s" (the short units read the same in English, Swedish and German). */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return [hours && `${hours} h`, minutes && `${minutes} min`].filter(Boolean).join(' ');
}
