import type { BudgetExceededDetails } from '../../../../amplify/contract/errors';

/** A budget the gateway refused a call for (`BUDGET_EXCEEDED` details, docs/api.md). */
export type SpentBudget = BudgetExceededDetails;

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const count = new Intl.NumberFormat('en-US');

/** `$5.00`, `2,000,000 tokens`, `100 requests`. */
export function formatBudgetAmount(unit: SpentBudget['unit'], amount: number): string {
  if (unit === 'usd') return dollars.format(amount);
  return `${count.format(amount)} ${unit}`;
}

/**
 * The refusal in the user's words, with the reset in local time:
 * "Your daily budget of $5.00 is used up. It resets at 01:00 tomorrow."
 */
export function describeSpentBudget(budget: SpentBudget, now = new Date()): string {
  const adjective = budget.period === 'day' ? 'daily' : 'monthly';
  const amount = formatBudgetAmount(budget.unit, budget.limit);
  return (
    `${budgetOwner(budget)} ${adjective} budget of ${amount} is used up. ` +
    `It resets ${describeReset(new Date(budget.resetsAt), now)}.`
  );
}

/** Whose budget it is, as a sentence starts: "Your", "The Finance cost centre's". */
export function budgetOwner(budget: Pick<SpentBudget, 'scope' | 'scopeName'>): string {
  switch (budget.scope) {
    case 'group':
      return budget.scopeName ? `The ${budget.scopeName} group's` : "Your group's";
    case 'costCentre':
      return budget.scopeName ? `The ${budget.scopeName} cost centre's` : "Your cost centre's";
    default:
      return 'Your';
  }
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const calendarDay = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});

/** "at 01:00 tomorrow", "at 17:30 today", "on Tuesday 1 December at 00:00" (local time). */
export function describeReset(resetsAt: Date, now: Date): string {
  const time = clock.format(resetsAt);
  const days = localDaysBetween(now, resetsAt);
  if (days <= 0) return `at ${time} today`;
  if (days === 1) return `at ${time} tomorrow`;
  return `on ${calendarDay.format(resetsAt)} at ${time}`;
}

/** Calendar days from `from` to `to` in the local time zone (0 on the same day). */
function localDaysBetween(from: Date, to: Date): number {
  const startOf = (date: Date) =>
    new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((startOf(to) - startOf(from)) / 86_400_000);
}
