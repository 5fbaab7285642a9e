import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  type BudgetConfig,
  budgetFor,
  BUDGETS,
  costCentreFor,
  poolsFor,
  unpricedQuotaOf,
} from './budgets.ts';

const config: BudgetConfig = {
  groups: {
    // Deliberately crossed: the larger day and the larger month come from different groups.
    MLUsers: { tokensPerDay: 300, tokensPerMonth: 9_000 },
    Administrators: { tokensPerDay: 1_000, tokensPerMonth: 5_000 },
    ReadOnly: { tokensPerDay: 0, tokensPerMonth: 0 },
  },
  groupPools: { MLUsers: { tokensPerDay: 4_000, tokensPerMonth: 40_000 } },
  users: {
    carol: { tokensPerDay: 7, tokensPerMonth: 70 },
    'sub-dave': { tokensPerDay: 8, tokensPerMonth: 80 },
  },
  fallback: { tokensPerDay: 1, tokensPerMonth: 10 },
};

const caller = (groups: string[], username = 'erin', sub = `sub-${username}`) => ({
  sub,
  username,
  groups,
});

describe('budgetFor', () => {
  it("gives a member of several groups each period's largest allowance among their groups", () => {
    expect(budgetFor(caller(['MLUsers', 'Administrators']), config)).toEqual({
      tokensPerDay: 1_000,
      tokensPerMonth: 9_000,
    });
    // The order of the groups in the token does not matter, nor does a zero-budget group.
    expect(budgetFor(caller(['ReadOnly', 'Administrators', 'MLUsers']), config)).toEqual({
      tokensPerDay: 1_000,
      tokensPerMonth: 9_000,
    });
  });

  it("gives a member of one group that group's allowance", () => {
    expect(budgetFor(caller(['MLUsers']), config)).toEqual(config.groups.MLUsers);
  });

  it('ignores groups without a budget and falls back when none of the groups has one', () => {
    expect(budgetFor(caller(['Unlisted', 'MLUsers']), config)).toEqual(config.groups.MLUsers);
    expect(budgetFor(caller(['Unlisted']), config)).toEqual(config.fallback);
    expect(budgetFor(caller([]), config)).toEqual(config.fallback);
  });

  it('lets a per-user override, by username or by sub, replace the group allowance', () => {
    expect(budgetFor(caller(['Administrators'], 'carol'), config)).toEqual(config.users['carol']);
    expect(budgetFor(caller(['Administrators'], 'dave'), config)).toEqual(config.users['sub-dave']);
    expect(budgetFor(caller([], 'dave'), config)).toEqual(config.users['sub-dave']);
  });

  it('uses the project budgets by default: ReadOnly and unlisted callers get nothing', () => {
    expect(budgetFor(caller(['MLUsers']))).toEqual(BUDGETS.groups.MLUsers);
    expect(budgetFor(caller(['ReadOnly']))).toEqual({ tokensPerDay: 0, tokensPerMonth: 0 });
    expect(budgetFor(caller([]))).toEqual({ tokensPerDay: 0, tokensPerMonth: 0 });
  });
});

describe('poolsFor', () => {
  it("lists the pool of each of the caller's groups that has one", () => {
    expect(poolsFor(caller(['Administrators', 'MLUsers']), config)).toEqual([
      { group: 'MLUsers', budget: config.groupPools!.MLUsers },
    ]);
    expect(poolsFor(caller(['Administrators']), config)).toEqual([]);
  });

  it('has no pools without a pool table, and none by default', () => {
    const withoutPools: BudgetConfig = { ...config, groupPools: undefined };
    expect(poolsFor(caller(['MLUsers']), withoutPools)).toEqual([]);
    expect(poolsFor(caller(['MLUsers', 'Administrators']))).toEqual([]);
  });
});

describe('USD limits and cost centres', () => {
  const dollars: BudgetConfig = {
    groups: {
      MLUsers: { tokensPerDay: 1, tokensPerMonth: 1, usdPerDay: 5, usdPerMonth: 50 },
      Administrators: { tokensPerDay: 1, tokensPerMonth: 1, usdPerDay: 20 },
    },
    costCentres: { 'CC-1': { tokensPerDay: 9, tokensPerMonth: 99, usdPerMonth: 1000 } },
    users: {},
    fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
  };

  it('gives the largest USD limit of the caller groups; a group without one means no limit', () => {
    expect(budgetFor(caller(['MLUsers']), dollars)).toMatchObject({
      usdPerDay: 5,
      usdPerMonth: 50,
    });
    const both = budgetFor(caller(['MLUsers', 'Administrators']), dollars);
    expect(both.usdPerDay).toBe(20);
    expect(both).not.toHaveProperty('usdPerMonth');
  });

  it("finds the caller's cost centre budget from the costCentre claim, own entries only", () => {
    const withClaims = (claims: Record<string, string>) => ({ claims });
    expect(costCentreFor(withClaims({ costCentre: 'CC-1' }), dollars)).toEqual({
      costCentre: 'CC-1',
      budget: dollars.costCentres!['CC-1'],
    });
    expect(costCentreFor(withClaims({ costCentre: 'CC-2' }), dollars)).toBeUndefined();
    expect(costCentreFor(withClaims({}), dollars)).toBeUndefined();
    expect(costCentreFor(withClaims({ costCentre: 'constructor' }), dollars)).toBeUndefined();
    expect(costCentreFor(withClaims({ costCentre: '__proto__' }), dollars)).toBeUndefined();
    expect(
      costCentreFor(withClaims({ costCentre: 'CC-1' }), { ...dollars, costCentres: undefined }),
    ).toBeUndefined();
  });

  it('has no unpriced-endpoint quota unless configured', () => {
    expect(unpricedQuotaOf(dollars)).toEqual({ requestsPerDay: 0, requestsPerMonth: 0 });
    expect(unpricedQuotaOf()).toEqual(BUDGETS.unpricedRequests);
  });
});

describe('the default budgets', () => {
  it('are the ones docs/usage.md states: per group, no user overrides, pools or cost centres', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '../../docs/usage.md'), 'utf8');
    const rows = [
      ...doc.matchAll(/^\| (\w+) +\| ([\d,]+) +\| ([\d,]+) +\| ([\d.]+|-) +\| ([\d.]+|-) +\|$/gm),
    ];
    const documented = Object.fromEntries(
      rows.map(([, group, day, month, usdDay, usdMonth]) => [
        group,
        {
          tokensPerDay: Number(day!.replaceAll(',', '')),
          tokensPerMonth: Number(month!.replaceAll(',', '')),
          ...(usdDay === '-' ? {} : { usdPerDay: Number(usdDay) }),
          ...(usdMonth === '-' ? {} : { usdPerMonth: Number(usdMonth) }),
        },
      ]),
    );
    expect(BUDGETS.groups).toEqual(documented);
    expect(Object.keys(documented)).toEqual(['Administrators', 'MLUsers', 'ReadOnly']);
    expect(BUDGETS.users).toEqual({});
    expect(BUDGETS.groupPools).toEqual({});
    expect(BUDGETS.costCentres).toEqual({});
    expect(BUDGETS.fallback).toEqual({ tokensPerDay: 0, tokensPerMonth: 0 });
    const quota = doc.match(
      /unpriced SageMaker endpoints: \*\*([\d,]+) requests a day, ([\d,]+) a month\*\*/,
    );
    expect(quota?.slice(1).map((n) => Number(n.replaceAll(',', '')))).toEqual([
      BUDGETS.unpricedRequests!.requestsPerDay,
      BUDGETS.unpricedRequests!.requestsPerMonth,
    ]);
  });
});
