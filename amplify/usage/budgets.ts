import type { Group } from '../contract/groups.ts';

/** A token allowance: input plus output tokens per UTC day and per UTC calendar month. */
export interface TokenBudget {
  readonly tokensPerDay: number;
  readonly tokensPerMonth: number;
}

/**
 * Budgets, checked before every model call (see docs/usage.md).
 *
 * - `groups`: the allowance of each member of that group (not a pool shared by the group).
 *   A caller in several groups gets the largest allowance of each period among their groups.
 * - `users`: overrides by Cognito username or `sub`, replacing the group allowance.
 * - A caller in no listed group gets `fallback`.
 * - `groupPools` (optional): a total for all members of a group together. A call must fit the
 *   caller's own allowance and every pool of the caller's groups, and is charged to all of them.
 */
export interface BudgetConfig {
  readonly groups: Readonly<Partial<Record<Group, TokenBudget>>>;
  readonly groupPools?: Readonly<Partial<Record<Group, TokenBudget>>>;
  readonly users: Readonly<Record<string, TokenBudget>>;
  readonly fallback: TokenBudget;
}

export const BUDGETS: BudgetConfig = {
  groups: {
    Administrators: { tokensPerDay: 2_000_000, tokensPerMonth: 20_000_000 },
    MLUsers: { tokensPerDay: 200_000, tokensPerMonth: 2_000_000 },
    ReadOnly: { tokensPerDay: 0, tokensPerMonth: 0 },
  },
  users: {},
  // No shared pools by default; e.g. `groupPools: { MLUsers: { tokensPerDay: 5_000_000, tokensPerMonth: 50_000_000 } }`.
  groupPools: {},
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
};

/** The allowance that applies to a caller under a budget configuration. */
export function budgetFor(
  caller: { readonly sub: string; readonly username: string; readonly groups: readonly string[] },
  config: BudgetConfig = BUDGETS,
): TokenBudget {
  // Own properties only: a username like `__proto__` or `constructor` must not read the prototype.
  const own = ownEntry(config.users, caller.username) ?? ownEntry(config.users, caller.sub);
  if (own) return own;
  const budgets = caller.groups
    .map((group) => ownEntry(config.groups, group))
    .filter((budget): budget is TokenBudget => budget !== undefined);
  if (budgets.length === 0) return config.fallback;
  return {
    tokensPerDay: Math.max(...budgets.map((budget) => budget.tokensPerDay)),
    tokensPerMonth: Math.max(...budgets.map((budget) => budget.tokensPerMonth)),
  };
}

/** The shared pools that apply to a caller: one per group of the caller that has a pool. */
export function poolsFor(
  caller: { readonly groups: readonly string[] },
  config: BudgetConfig = BUDGETS,
): { readonly group: Group; readonly budget: TokenBudget }[] {
  return caller.groups.flatMap((group) => {
    const budget = config.groupPools ? ownEntry(config.groupPools, group) : undefined;
    return budget ? [{ group: group as Group, budget }] : [];
  });
}

/** `table[key]` when `key` is the table's own property, never a value from its prototype. */
function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
