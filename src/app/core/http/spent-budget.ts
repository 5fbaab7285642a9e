import type { BudgetExceededDetails } from '../../../../amplify/contract/errors';
import { USER_FORMAT_LOCALE } from '../i18n/locale-format';

/** A budget the gateway refused a call for (`BUDGET_EXCEEDED` details, docs/api.md). */
export type SpentBudget = BudgetExceededDetails;

const dollars = new Intl.NumberFormat(USER_FORMAT_LOCALE, { style: 'currency', currency: 'USD' });
const count = new Intl.NumberFormat(USER_FORMAT_LOCALE);

/** `$5.00`, `2,000,000 tokens`, `100 requests` (in the user's locale). */
export function formatBudgetAmount(unit: SpentBudget['unit'], amount: number): string {
  if (unit === 'usd') return dollars.format(amount);
  const value = count.format(amount);
  return unit === 'tokens'
    ? $localize`:An amount of tokens@@budget.tokens:${value}:count: tokens`
    : $localize`:An amount of requests@@budget.requests:${value}:count: requests`;
}

/**
 * The refusal in the user's words, with the reset in local time:
 * "Your daily budget of $5.00 is used up. It resets at 01:00 tomorrow."
 */
export function describeSpentBudget(budget: SpentBudget, now = new Date()): string {
  const amount = formatBudgetAmount(budget.unit, budget.limit);
  const reset = describeReset(new Date(budget.resetsAt), now);
  return $localize`:A budget is used up; the budget, its amount and when it resets are filled in@@budget.usedUp:${budgetPhrase(budget, 'start')}:budget: of ${amount}:amount: is used up. It resets ${reset}:reset:.`;
}

/** Where a budget's name stands in a sentence (English writes "Your" at the start only). */
export type PhrasePosition = 'start' | 'inside';

/**
 * A budget by whose it is and its period, whole in each language (the owner's place differs):
 * "Your daily budget", "the Finance cost centre's monthly budget".
 */
export function budgetPhrase(
  budget: Pick<SpentBudget, 'scope' | 'scopeName' | 'period'>,
  position: PhrasePosition,
): string {
  const name = budget.scopeName;
  const daily = budget.period === 'day';
  const start = position === 'start';
  switch (budget.scope) {
    case 'group':
      if (name) {
        if (daily)
          return start
            ? $localize`:Budget name at a sentence start@@budget.group.named.day.start:The ${name}:group: group's daily budget`
            : $localize`:Budget name inside a sentence@@budget.group.named.day.inside:the ${name}:group: group's daily budget`;
        return start
          ? $localize`:Budget name at a sentence start@@budget.group.named.month.start:The ${name}:group: group's monthly budget`
          : $localize`:Budget name inside a sentence@@budget.group.named.month.inside:the ${name}:group: group's monthly budget`;
      }
      if (daily)
        return start
          ? $localize`:Budget name at a sentence start@@budget.group.day.start:Your group's daily budget`
          : $localize`:Budget name inside a sentence@@budget.group.day.inside:your group's daily budget`;
      return start
        ? $localize`:Budget name at a sentence start@@budget.group.month.start:Your group's monthly budget`
        : $localize`:Budget name inside a sentence@@budget.group.month.inside:your group's monthly budget`;
    case 'costCentre':
      if (name) {
        if (daily)
          return start
            ? $localize`:Budget name at a sentence start@@budget.cc.named.day.start:The ${name}:costCentre: cost centre's daily budget`
            : $localize`:Budget name inside a sentence@@budget.cc.named.day.inside:the ${name}:costCentre: cost centre's daily budget`;
        return start
          ? $localize`:Budget name at a sentence start@@budget.cc.named.month.start:The ${name}:costCentre: cost centre's monthly budget`
          : $localize`:Budget name inside a sentence@@budget.cc.named.month.inside:the ${name}:costCentre: cost centre's monthly budget`;
      }
      if (daily)
        return start
          ? $localize`:Budget name at a sentence start@@budget.cc.day.start:Your cost centre's daily budget`
          : $localize`:Budget name inside a sentence@@budget.cc.day.inside:your cost centre's daily budget`;
      return start
        ? $localize`:Budget name at a sentence start@@budget.cc.month.start:Your cost centre's monthly budget`
        : $localize`:Budget name inside a sentence@@budget.cc.month.inside:your cost centre's monthly budget`;
    default:
      if (daily)
        return start
          ? $localize`:Budget name at a sentence start@@budget.user.day.start:Your daily budget`
          : $localize`:Budget name inside a sentence@@budget.user.day.inside:your daily budget`;
      return start
        ? $localize`:Budget name at a sentence start@@budget.user.month.start:Your monthly budget`
        : $localize`:Budget name inside a sentence@@budget.user.month.inside:your monthly budget`;
  }
}

// A 24-hour clock in every locale: "01:00", as the reset is read at a glance.
const clock = new Intl.DateTimeFormat(USER_FORMAT_LOCALE, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const calendarDay = new Intl.DateTimeFormat(USER_FORMAT_LOCALE, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});

/** "at 01:00 tomorrow", "at 17:30 today", "on Tuesday 1 December at 00:00" (local time). */
export function describeReset(resetsAt: Date, now: Date): string {
  const time = clock.format(resetsAt);
  const days = localDaysBetween(now, resetsAt);
  if (days <= 0) return $localize`:When a budget resets@@reset.today:at ${time}:time: today`;
  if (days === 1) return $localize`:When a budget resets@@reset.tomorrow:at ${time}:time: tomorrow`;
  const day = calendarDay.format(resetsAt);
  return $localize`:When a budget resets, a later day@@reset.later:on ${day}:day: at ${time}:time:`;
}

/** Calendar days from `from` to `to` in the local time zone (0 on the same day). */
function localDaysBetween(from: Date, to: Date): number {
  const startOf = (date: Date) =>
    new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((startOf(to) - startOf(from)) / 86_400_000);
}
