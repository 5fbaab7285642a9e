import {
  budgetPhrase,
  describeReset,
  describeSpentBudget,
  formatBudgetAmount,
  type SpentBudget,
} from '../../core/http/spent-budget';
import { USER_FORMAT_LOCALE } from '../../core/i18n/locale-format';
import { formatRequests } from './usage-format';
import type { OwnUsage } from './usage-types';

/** Share of a budget used from which My usage warns. */
const BUDGET_WARNING_SHARE = 0.8;

/** How much of one budget (a scope, a period, a unit) the caller has used. */
export interface BudgetStanding extends Omit<SpentBudget, 'limit'> {
  readonly used: number;
  /** 0 or less: no budget is set. */
  readonly limit: number;
  /** Calls made in the period, when the API reports them. */
  readonly requests?: number;
}

/** `ok` below 80 %, `warning` from 80 %, `exhausted` from 100 % (calls are refused). */
export type BudgetLevel = 'ok' | 'warning' | 'exhausted' | 'unlimited';

/**
 * The standings of `GET /usage/me`: every limit on the caller's calls (own, group pools, cost
 * centre; tokens, USD, requests). The own token budgets also show the period's request count.
 */
export function budgetStandings(usage: OwnUsage): readonly BudgetStanding[] {
  return usage.budgets.map((standing) =>
    standing.scope === 'user' && standing.unit === 'tokens'
      ? { ...standing, requests: usage[standing.period].requests }
      : standing,
  );
}

export function budgetLevel(standing: BudgetStanding): BudgetLevel {
  if (standing.limit <= 0) return 'unlimited';
  if (standing.used >= standing.limit) return 'exhausted';
  return standing.used >= standing.limit * BUDGET_WARNING_SHARE ? 'warning' : 'ok';
}

/** Whole per cent used, capped at 100 (a call may overshoot the budget it was allowed under). */
function percentUsed(standing: BudgetStanding): number {
  if (standing.limit <= 0) return 0;
  return Math.min(100, Math.floor((standing.used / standing.limit) * 100));
}

/**
 * "Your daily budget" (tokens), "Your daily budget in US dollars", "Your daily request quota"
 * (calls to endpoints without a price), "Finance cost centre, monthly budget", "MLUsers group,
 * daily budget in US dollars": a caller may have several budgets per period, so the unit is named.
 */
export function budgetName(standing: BudgetStanding): string {
  const kind = budgetKind(standing);
  switch (standing.scope) {
    case 'group':
      return standing.scopeName
        ? $localize`:Heading of a group's budget on My usage@@standing.group.named:${standing.scopeName}:group: group, ${kind}:kind:`
        : $localize`:Heading of a group's budget on My usage@@standing.group:Your group, ${kind}:kind:`;
    case 'costCentre':
      return standing.scopeName
        ? $localize`:Heading of a cost centre's budget on My usage@@standing.cc.named:${standing.scopeName}:costCentre: cost centre, ${kind}:kind:`
        : $localize`:Heading of a cost centre's budget on My usage@@standing.cc:Your cost centre, ${kind}:kind:`;
    default:
      return $localize`:Heading of the user's own budget on My usage@@standing.user:Your ${kind}:kind:`;
  }
}

/** "daily budget", "monthly budget in US dollars", "daily request quota". */
function budgetKind(standing: BudgetStanding): string {
  const daily = standing.period === 'day';
  switch (standing.unit) {
    case 'usd':
      return daily
        ? $localize`:Kind of budget@@kind.usd.day:daily budget in US dollars`
        : $localize`:Kind of budget@@kind.usd.month:monthly budget in US dollars`;
    case 'requests':
      return daily
        ? $localize`:Kind of budget - calls to endpoints without a price@@kind.requests.day:daily request quota`
        : $localize`:Kind of budget - calls to endpoints without a price@@kind.requests.month:monthly request quota`;
    default:
      return daily
        ? $localize`:Kind of budget (tokens)@@kind.tokens.day:daily budget`
        : $localize`:Kind of budget (tokens)@@kind.tokens.month:monthly budget`;
  }
}

const count = new Intl.NumberFormat(USER_FORMAT_LOCALE);

/** "150,000 of 200,000 tokens used (75%), 12 requests", "$4.10 of $5.00 used (82%)". */
export function describeUse(standing: BudgetStanding): string {
  if (standing.limit <= 0) {
    const used = formatBudgetAmount(standing.unit, standing.used);
    return $localize`:Use of a budget that has no limit@@use.unlimited:${used}:used: used, no budget set`;
  }
  const [used, limit] =
    standing.unit === 'usd'
      ? [formatBudgetAmount('usd', standing.used), formatBudgetAmount('usd', standing.limit)]
      : [count.format(standing.used), formatBudgetAmount(standing.unit, standing.limit)];
  const percent = percentUsed(standing);
  // The request quota counts only calls to endpoints the price book has no price for.
  const use =
    standing.unit === 'requests'
      ? $localize`:Use of the request quota@@use.requests:${used}:used: of ${limit}:limit: to endpoints without a price used (${percent}:percent:%)`
      : $localize`:Use of a budget@@use.budget:${used}:used: of ${limit}:limit: used (${percent}:percent:%)`;
  return standing.requests === undefined ? use : `${use}, ${formatRequests(standing.requests)}`;
}

/** The warning My usage shows for a standing, in the user's words; undefined below 80 %. */
export function budgetWarning(standing: BudgetStanding, now = new Date()): string | undefined {
  const level = budgetLevel(standing);
  if (level === 'exhausted') {
    const spent = describeSpentBudget(standing, now);
    return $localize`:A budget is used up, on My usage@@standing.exhausted:${spent}:spent: Calls under it are refused until then.`;
  }
  if (level !== 'warning') return undefined;
  const percent = percentUsed(standing);
  const budget = budgetPhrase(standing, 'inside');
  const reset = describeReset(new Date(standing.resetsAt), now);
  return $localize`:Warning from 80 percent of a budget@@standing.warning:${percent}:percent:% of ${budget}:budget: is used. It resets ${reset}:reset:.`;
}
