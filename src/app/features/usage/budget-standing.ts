import {
  budgetOwner,
  describeReset,
  describeSpentBudget,
  formatBudgetAmount,
  type SpentBudget,
} from '../../core/http/spent-budget';
import { formatCount } from './usage-format';
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

/** What a unit's budget is called after its period: one heading per budget, none alike. */
const UNIT_NOUNS: Readonly<Record<BudgetStanding['unit'], string>> = {
  tokens: 'budget',
  usd: 'budget in US dollars',
  requests: 'request quota',
};

/**
 * "Your daily budget" (tokens), "Your daily budget in US dollars", "Your daily request quota"
 * (calls to endpoints without a price), "Finance cost centre, monthly budget", "MLUsers group,
 * daily budget in US dollars": a caller may have several budgets per period, so the unit is named.
 */
export function budgetName(standing: BudgetStanding): string {
  const adjective = standing.period === 'day' ? 'daily' : 'monthly';
  const noun = UNIT_NOUNS[standing.unit];
  switch (standing.scope) {
    case 'group':
      return `${standing.scopeName ?? 'Your'} group, ${adjective} ${noun}`;
    case 'costCentre':
      return `${standing.scopeName ?? 'Your'} cost centre, ${adjective} ${noun}`;
    default:
      return `Your ${adjective} ${noun}`;
  }
}

const count = new Intl.NumberFormat('en-US');

/** "150,000 of 200,000 tokens used (75%), 12 requests", "$4.10 of $5.00 used (82%)". */
export function describeUse(standing: BudgetStanding): string {
  if (standing.limit <= 0) {
    return `${formatBudgetAmount(standing.unit, standing.used)} used, no budget set`;
  }
  const [used, limit] =
    standing.unit === 'usd'
      ? [formatBudgetAmount('usd', standing.used), formatBudgetAmount('usd', standing.limit)]
      : [count.format(standing.used), `${count.format(standing.limit)} ${standing.unit}`];
  const calls =
    standing.requests === undefined ? '' : `, ${formatCount(standing.requests, 'request')}`;
  // The request quota counts only calls to endpoints the price book has no price for.
  const what = standing.unit === 'requests' ? ' to endpoints without a price' : '';
  return `${used} of ${limit}${what} used (${percentUsed(standing)}%)${calls}`;
}

/** The warning My usage shows for a standing, in the user's words; undefined below 80 %. */
export function budgetWarning(standing: BudgetStanding, now = new Date()): string | undefined {
  const level = budgetLevel(standing);
  if (level === 'exhausted') {
    return `${describeSpentBudget(standing, now)} Calls under it are refused until then.`;
  }
  if (level !== 'warning') return undefined;
  const adjective = standing.period === 'day' ? 'daily' : 'monthly';
  const owner = budgetOwner(standing);
  return (
    `${percentUsed(standing)}% of ${owner[0].toLowerCase()}${owner.slice(1)} ${adjective} budget is used. ` +
    `It resets ${describeReset(new Date(standing.resetsAt), now)}.`
  );
}
