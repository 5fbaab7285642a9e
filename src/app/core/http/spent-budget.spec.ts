import { budgetExceededDetailsOf } from '../../../../amplify/contract/errors';
import { describeReset, describeSpentBudget } from './spent-budget';

/** Local times, so the expectations hold in any time zone the tests run in. */
const at = (month: number, day: number, hour: number, minute = 0) =>
  new Date(2026, month - 1, day, hour, minute);
const NOW = at(11, 30, 18, 10);

describe('budgetExceededDetailsOf', () => {
  it('reads the BUDGET_EXCEEDED details of the envelope', () => {
    const details = {
      scope: 'costCentre',
      scopeName: 'Finance',
      period: 'month',
      unit: 'usd',
      limit: 500,
      resetsAt: '2026-12-01T00:00:00.000Z',
    };
    expect(budgetExceededDetailsOf(details)).toEqual(details);
  });

  it('refuses details that are not a spent budget', () => {
    const valid = {
      scope: 'user',
      period: 'day',
      unit: 'tokens',
      limit: 1,
      resetsAt: '2026-12-01T00:00:00Z',
    };
    expect(budgetExceededDetailsOf(valid)).toEqual(valid);
    expect(budgetExceededDetailsOf({ ...valid, scopeName: '' })).toEqual(valid);
    expect(budgetExceededDetailsOf(undefined)).toBeUndefined();
    expect(budgetExceededDetailsOf({ ...valid, scope: 'planet' })).toBeUndefined();
    expect(budgetExceededDetailsOf({ ...valid, period: 'week' })).toBeUndefined();
    expect(budgetExceededDetailsOf({ ...valid, unit: 'eur' })).toBeUndefined();
    expect(budgetExceededDetailsOf({ ...valid, limit: '5' })).toBeUndefined();
    expect(budgetExceededDetailsOf({ ...valid, resetsAt: 'soon' })).toBeUndefined();
  });
});

describe('describeSpentBudget', () => {
  it("says the user's daily dollar budget and its reset tomorrow in local time", () => {
    const budget = {
      scope: 'user' as const,
      period: 'day' as const,
      unit: 'usd' as const,
      limit: 5,
      resetsAt: at(12, 1, 1).toISOString(),
    };
    expect(describeSpentBudget(budget, NOW)).toBe(
      'Your daily budget of $5.00 is used up. It resets at 01:00 tomorrow.',
    );
  });

  it("names a cost centre's or group's budget, with tokens and requests as counts", () => {
    const resetsAt = at(12, 1, 0).toISOString();
    expect(
      describeSpentBudget(
        {
          scope: 'costCentre',
          scopeName: 'Finance',
          period: 'month',
          unit: 'tokens',
          limit: 2_000_000,
          resetsAt,
        },
        NOW,
      ),
    ).toBe(
      "The Finance cost centre's monthly budget of 2,000,000 tokens is used up. It resets at 00:00 tomorrow.",
    );
    expect(
      describeSpentBudget(
        { scope: 'group', period: 'day', unit: 'requests', limit: 100, resetsAt },
        NOW,
      ),
    ).toBe("Your group's daily budget of 100 requests is used up. It resets at 00:00 tomorrow.");
  });
});

describe('describeReset', () => {
  it('says today, tomorrow, or the weekday and date further out', () => {
    expect(describeReset(at(11, 30, 23, 30), NOW)).toBe('at 23:30 today');
    expect(describeReset(at(12, 1, 0), NOW)).toBe('at 00:00 tomorrow');
    // The day in the user's locale (the test browser's en-US), the clock always 24-hour.
    expect(describeReset(at(12, 3, 9, 5), NOW)).toBe('on Thursday, December 3 at 09:05');
  });
});
