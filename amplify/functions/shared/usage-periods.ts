/** The budget periods: UTC calendar day and UTC calendar month. */
export type BudgetPeriod = 'day' | 'month';

/** `yyyy-mm-dd` of a time, in UTC. */
export function dayKey(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `yyyy-mm` of a time, in UTC. */
export function monthKey(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** When the period that contains `at` ends and its counter starts again from zero. */
export function periodResetsAt(period: BudgetPeriod, at: Date): Date {
  return period === 'day'
    ? new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1))
    : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** The `yyyy-mm-dd` keys from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let at = new Date(`${from}T00:00:00Z`);
    dayKey(at) <= to;
    at = new Date(at.getTime() + 86_400_000)
  )
    days.push(dayKey(at));
  return days;
}
