import type { BudgetPeriod } from './usage-periods.ts';

/** Which budget a refusal names: the caller's own, a group's shared pool, a cost centre's, an API key's. */
export type BudgetScope = 'user' | 'group' | 'costCentre' | 'apiKey';
/** What a limit counts: tokens, US dollars, requests (unpriced SageMaker endpoints). */
export type BudgetUnit = 'tokens' | 'usd' | 'requests';

const UNIT_WORDS: Record<BudgetUnit, string> = {
  tokens: 'token',
  usd: 'USD',
  requests: 'request',
};

/**
 * Thrown by `UsageLedger.reserve` when a budget has no room for the call's worst case; answer
 * `BUDGET_EXCEEDED` (429 with `Retry-After`) with these fields as the error's details.
 */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  readonly scope: BudgetScope;
  /** The group or cost centre; undefined for the caller's own budget. */
  readonly scopeName?: string;
  readonly period: BudgetPeriod;
  readonly unit: BudgetUnit;
  /** The limit in `unit` (US dollars for `usd`). */
  readonly limit: number;
  readonly resetsAt: Date;

  constructor(refusal: {
    scope: BudgetScope;
    scopeName?: string;
    period: BudgetPeriod;
    unit: BudgetUnit;
    limit: number;
    resetsAt: Date;
  }) {
    const whose =
      refusal.scope === 'user'
        ? 'Your'
        : refusal.scope === 'group'
          ? `The ${refusal.scopeName} group's shared`
          : refusal.scope === 'apiKey'
            ? `API key ${refusal.scopeName}'s`
            : `Cost centre ${refusal.scopeName}'s`;
    const amount =
      refusal.unit === 'usd' ? `$${refusal.limit}` : `${refusal.limit} ${refusal.unit}`;
    super(
      `${whose} ${refusal.period === 'day' ? 'daily' : 'monthly'} ${UNIT_WORDS[refusal.unit]} ` +
        `budget (${amount}) has no room for this call; it resets at ${refusal.resetsAt.toISOString()}.`,
    );
    this.scope = refusal.scope;
    if (refusal.scopeName !== undefined) this.scopeName = refusal.scopeName;
    this.period = refusal.period;
    this.unit = refusal.unit;
    this.limit = refusal.limit;
    this.resetsAt = refusal.resetsAt;
  }

  /** Seconds until the budget resets, for the `Retry-After` header. */
  retryAfterSeconds(now: Date = new Date()): number {
    return Math.max(1, Math.ceil((this.resetsAt.getTime() - now.getTime()) / 1000));
  }

  /** The error envelope's `details` (PLAN: BUDGET_EXCEEDED). */
  details(): {
    scope: BudgetScope;
    scopeName?: string;
    period: BudgetPeriod;
    unit: BudgetUnit;
    limit: number;
    resetsAt: string;
  } {
    return {
      scope: this.scope,
      ...(this.scopeName === undefined ? {} : { scopeName: this.scopeName }),
      period: this.period,
      unit: this.unit,
      limit: this.limit,
      resetsAt: this.resetsAt.toISOString(),
    };
  }
}

/**
 * Thrown by `settle` when the reservation's hold is no longer there: it was settled already
 * (by this call or by the sweeper after it expired). Nothing was charged a second time.
 */
export class HoldGoneError extends Error {
  override readonly name = 'HoldGoneError';
  readonly reservationId: string;
  constructor(reservationId: string) {
    super(`The hold of reservation ${reservationId} is settled already; nothing was charged.`);
    this.reservationId = reservationId;
  }
}
