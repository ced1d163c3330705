/** Every day from `start` (YYYY-MM-DD) to `end` inclusive, with the calls of `counted` or 0. */
export function fillDays(start: string, end: string, counted: { date: string; calls: number }[]) {
  const byDate = new Map(counted.map((d) => [d.date, d.calls]));
  const days: { date: string; calls: number }[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    days.push({ date, calls: byDate.get(date) ?? 0 });
  }
  return days;
}
