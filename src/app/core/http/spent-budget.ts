/** A budget the gateway refused a call for (`BUDGET_EXCEEDED` details, docs/api.md). */
export interface SpentBudget {
  readonly scope: 'user' | 'group' | 'costCentre';
  /** The group or cost centre's name; absent for the user's own budget. */
  readonly scopeName?: string;
  readonly period: 'day' | 'month';
  readonly unit: 'tokens' | 'usd' | 'requests';
  readonly limit: number;
  /** When the period ends (ISO time). */
  readonly resetsAt: string;
}

const SCOPES: readonly string[] = ['user', 'group', 'costCentre'];
const PERIODS: readonly string[] = ['day', 'month'];
const UNITS: readonly string[] = ['tokens', 'usd', 'requests'];

/** The spent budget in an error envelope's `details`, or undefined when they are not one. */
export function spentBudgetOf(details: unknown): SpentBudget | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const { scope, scopeName, period, unit, limit, resetsAt } = details as Record<string, unknown>;
  if (typeof scope !== 'string' || !SCOPES.includes(scope)) return undefined;
  if (typeof period !== 'string' || !PERIODS.includes(period)) return undefined;
  if (typeof unit !== 'string' || !UNITS.includes(unit)) return undefined;
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return undefined;
  if (typeof resetsAt !== 'string' || Number.isNaN(Date.parse(resetsAt))) return undefined;
  return {
    scope: scope as SpentBudget['scope'],
    scopeName: typeof scopeName === 'string' && scopeName !== '' ? scopeName : undefined,
    period: period as SpentBudget['period'],
    unit: unit as SpentBudget['unit'],
    limit,
    resetsAt,
  };
}

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
