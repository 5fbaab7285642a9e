import {
  budgetLevel,
  budgetName,
  type BudgetStanding,
  budgetStandings,
  budgetWarning,
  describeUse,
} from './budget-standing';

const NOW = new Date(2026, 10, 30, 18, 0);
const TOMORROW_1AM = new Date(2026, 11, 1, 1, 0).toISOString();

const standing = (
  used: number,
  limit: number,
  extra: Partial<BudgetStanding> = {},
): BudgetStanding => ({
  scope: 'user',
  period: 'day',
  unit: 'usd',
  used,
  limit,
  resetsAt: TOMORROW_1AM,
  ...extra,
});

describe('budgetLevel', () => {
  it('warns from 80 % and is exhausted from 100 %', () => {
    expect(budgetLevel(standing(3.99, 5))).toBe('ok');
    expect(budgetLevel(standing(4, 5))).toBe('warning');
    expect(budgetLevel(standing(4.99, 5))).toBe('warning');
    expect(budgetLevel(standing(5, 5))).toBe('exhausted');
    expect(budgetLevel(standing(7, 5))).toBe('exhausted');
    expect(budgetLevel(standing(7, 0))).toBe('unlimited');
  });
});

describe('budgetWarning', () => {
  it('gives nothing below 80 %, the share and reset from 80 %, the refusal at 100 %', () => {
    expect(budgetWarning(standing(3, 5), NOW)).toBeUndefined();
    expect(budgetWarning(standing(4.1, 5), NOW)).toBe(
      '82% of your daily budget is used. It resets at 01:00 tomorrow.',
    );
    expect(budgetWarning(standing(5, 5), NOW)).toBe(
      'Your daily budget of $5.00 is used up. It resets at 01:00 tomorrow. Calls under it are refused until then.',
    );
  });

  it("names a cost centre's budget in tokens", () => {
    const finance = standing(1_700_000, 2_000_000, {
      scope: 'costCentre',
      scopeName: 'Finance',
      period: 'month',
      unit: 'tokens',
    });
    expect(budgetName(finance)).toBe('Finance cost centre, monthly budget');
    expect(budgetName(standing(1, 5))).toBe('Your daily budget in US dollars');
    const quota = standing(1, 500, { unit: 'requests', period: 'month' });
    expect(budgetName(quota)).toBe('Your monthly request quota');
    expect(describeUse(quota)).toBe('1 of 500 requests to endpoints without a price used (0%)');
    expect(describeUse(finance)).toBe('1,700,000 of 2,000,000 tokens used (85%)');
    expect(budgetWarning(finance, NOW)).toBe(
      "85% of the Finance cost centre's monthly budget is used. It resets at 01:00 tomorrow.",
    );
  });
});

describe('budgetStandings', () => {
  it("lists GET /usage/me's budgets, the own token budgets with the period's request count", () => {
    const period = (usedTokens: number, resetsAt: string) => ({
      usedTokens,
      limitTokens: 1000,
      requests: 3,
      resetsAt,
    });
    const own = standing(850, 1000, { unit: 'tokens', resetsAt: 'd' });
    const pool = standing(40, 50, { scope: 'group', scopeName: 'MLUsers', period: 'month' });
    expect(
      budgetStandings({
        day: period(850, 'd'),
        month: period(900, 'm'),
        budgets: [own, pool],
        byModel: [],
        byDay: [],
      }),
    ).toEqual([{ ...own, requests: 3 }, pool]);
  });
});
