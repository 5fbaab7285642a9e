import type { Group } from '../contract/groups.ts';

/**
 * An allowance per UTC day and per UTC calendar month, in tokens (input + output + cache) and,
 * when set, in US dollars at the price book's prices. A call must fit every limit set.
 */
export interface Budget {
  readonly tokensPerDay: number;
  readonly tokensPerMonth: number;
  /** No USD limit when absent. */
  readonly usdPerDay?: number;
  /** No USD limit when absent. */
  readonly usdPerMonth?: number;
}

/** Requests per UTC day and month a user may make to SageMaker endpoints with no price. */
export interface RequestQuota {
  readonly requestsPerDay: number;
  readonly requestsPerMonth: number;
}

/**
 * Budgets, checked before every model call (see docs/usage.md, "Budgets").
 *
 * - `groups`: the allowance of each member of that group (not a pool shared by the group).
 *   A caller in several groups gets the largest allowance of each limit among their groups.
 * - `users`: overrides by Cognito username or `sub`, replacing the group allowance.
 * - A caller in no listed group gets `fallback`.
 * - `groupPools` (optional): a total for all members of a group together.
 * - `costCentres` (optional): a total per cost centre (the `costCentre` claim, mapped from Entra).
 * - `unpricedRequests`: each user's quota of calls to SageMaker endpoints the price book does
 *   not price (their cost cannot be counted in dollars).
 *
 * A call must fit the caller's own allowance, every pool of the caller's groups and the
 * caller's cost centre, and is charged to all of them.
 */
export interface BudgetConfig {
  readonly groups: Readonly<Partial<Record<Group, Budget>>>;
  readonly groupPools?: Readonly<Partial<Record<Group, Budget>>>;
  readonly costCentres?: Readonly<Record<string, Budget>>;
  readonly users: Readonly<Record<string, Budget>>;
  readonly fallback: Budget;
  readonly unpricedRequests?: RequestQuota;
}

export const BUDGETS: BudgetConfig = {
  groups: {
    Administrators: {
      tokensPerDay: 2_000_000,
      tokensPerMonth: 20_000_000,
      usdPerDay: 50,
      usdPerMonth: 500,
    },
    MLUsers: { tokensPerDay: 200_000, tokensPerMonth: 2_000_000, usdPerDay: 5, usdPerMonth: 50 },
    ReadOnly: { tokensPerDay: 0, tokensPerMonth: 0 },
  },
  users: {},
  // No shared pools by default; e.g. `groupPools: { MLUsers: { tokensPerDay: 5_000_000, tokensPerMonth: 50_000_000 } }`.
  groupPools: {},
  // No cost-centre budgets by default; e.g. `costCentres: { 'CC-4711': { tokensPerDay: 1e7, tokensPerMonth: 1e8, usdPerMonth: 2000 } }`.
  costCentres: {},
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
  unpricedRequests: { requestsPerDay: 500, requestsPerMonth: 5_000 },
};

/** Quota for unpriced endpoints when a configuration sets none: none at all. */
const NO_REQUESTS: RequestQuota = { requestsPerDay: 0, requestsPerMonth: 0 };

/** The allowance that applies to a caller under a budget configuration. */
export function budgetFor(
  caller: { readonly sub: string; readonly username: string; readonly groups: readonly string[] },
  config: BudgetConfig = BUDGETS,
): Budget {
  // Own properties only: a username like `__proto__` or `constructor` must not read the prototype.
  const own = ownEntry(config.users, caller.username) ?? ownEntry(config.users, caller.sub);
  if (own) return own;
  const budgets = caller.groups
    .map((group) => ownEntry(config.groups, group))
    .filter((budget): budget is Budget => budget !== undefined);
  if (budgets.length === 0) return config.fallback;
  const usdPerDay = largestLimit(budgets.map((budget) => budget.usdPerDay));
  const usdPerMonth = largestLimit(budgets.map((budget) => budget.usdPerMonth));
  return {
    tokensPerDay: Math.max(...budgets.map((budget) => budget.tokensPerDay)),
    tokensPerMonth: Math.max(...budgets.map((budget) => budget.tokensPerMonth)),
    ...(usdPerDay === undefined ? {} : { usdPerDay }),
    ...(usdPerMonth === undefined ? {} : { usdPerMonth }),
  };
}

/** The largest of some optional limits; none (undefined) when any of them is no limit. */
function largestLimit(limits: readonly (number | undefined)[]): number | undefined {
  return limits.some((limit) => limit === undefined)
    ? undefined
    : Math.max(...(limits as number[]));
}

/** The shared pools that apply to a caller: one per group of the caller that has a pool. */
export function poolsFor(
  caller: { readonly groups: readonly string[] },
  config: BudgetConfig = BUDGETS,
): { readonly group: Group; readonly budget: Budget }[] {
  return caller.groups.flatMap((group) => {
    const budget = config.groupPools ? ownEntry(config.groupPools, group) : undefined;
    return budget ? [{ group: group as Group, budget }] : [];
  });
}

/** The caller's cost centre and its budget, when the caller has one with a budget. */
export function costCentreFor(
  caller: { readonly claims: Readonly<Record<string, string>> },
  config: BudgetConfig = BUDGETS,
): { readonly costCentre: string; readonly budget: Budget } | undefined {
  const costCentre = ownEntry(caller.claims, 'costCentre');
  const budget =
    costCentre && config.costCentres ? ownEntry(config.costCentres, costCentre) : undefined;
  return costCentre && budget ? { costCentre, budget } : undefined;
}

/** Each user's quota of calls to unpriced SageMaker endpoints. */
export function unpricedQuotaOf(config: BudgetConfig = BUDGETS): RequestQuota {
  return config.unpricedRequests ?? NO_REQUESTS;
}

/** `table[key]` when `key` is the table's own property, never a value from its prototype. */
function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
