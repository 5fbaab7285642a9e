import { describe, expect, it } from 'vitest';

import { type BudgetConfig, budgetFor, poolsFor } from './budgets.ts';

const config: BudgetConfig = {
  groups: { MLUsers: { tokensPerDay: 100, tokensPerMonth: 1000 } },
  groupPools: { MLUsers: { tokensPerDay: 500, tokensPerMonth: 5000 } },
  users: { alice: { tokensPerDay: 7, tokensPerMonth: 70 } },
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
};

const caller = (username: string, groups: string[] = []) => ({
  sub: `sub-${username}`,
  username,
  groups,
});

describe('budgetFor reads only the tables own entries', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'a user named %s gets the fallback, not a prototype member',
    (username) => {
      expect(budgetFor(caller(username), config)).toEqual(config.fallback);
      expect(budgetFor({ ...caller('x'), sub: username }, config)).toEqual(config.fallback);
    },
  );

  it('a user named __proto__ in MLUsers gets the group allowance', () => {
    expect(budgetFor(caller('__proto__', ['MLUsers']), config)).toEqual(config.groups.MLUsers);
  });

  it.each(['constructor', '__proto__', 'toString'])(
    'a group named %s adds no allowance and no pool',
    (group) => {
      expect(budgetFor(caller('bob', [group]), config)).toEqual(config.fallback);
      expect(poolsFor(caller('bob', [group]), config)).toEqual([]);
    },
  );

  it('still finds a listed user', () => {
    expect(budgetFor(caller('alice', ['MLUsers']), config)).toEqual(config.users['alice']);
  });
});
