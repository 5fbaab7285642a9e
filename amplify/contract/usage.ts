/** Shapes of the usage routes (docs/usage.md). */

/** Tokens and requests of one slice of usage, with its cost. */
export interface UsageTotals {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Prompt-cache tokens (absent in answers from before prompt caching). */
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
  /**
   * US dollars charged (records carry their cost at the price of their day); absent when a
   * record in the slice predates costs and its model has no price.
   */
  readonly estimatedCostUsd?: number;
}

/** The caller's standing against one budget period. */
export interface PeriodUsage {
  readonly usedTokens: number;
  readonly limitTokens: number;
  readonly requests: number;
  /** ISO 8601 time the period resets. */
  readonly resetsAt: string;
}

/**
 * One limit that applies to the caller and how much of it is used (calls in flight included):
 * what the app needs to warn at 80% and 100%.
 */
export interface BudgetStanding {
  readonly scope: 'user' | 'group' | 'costCentre' | 'apiKey';
  /** The group or cost centre; absent for the caller's own budget. */
  readonly scopeName?: string;
  readonly period: 'day' | 'month';
  readonly unit: 'tokens' | 'usd' | 'requests';
  /** In `unit` (US dollars for `usd`). */
  readonly used: number;
  readonly limit: number;
  /** ISO 8601 time the period resets. */
  readonly resetsAt: string;
}

/** `GET /usage/me`. */
export interface OwnUsage {
  readonly day: PeriodUsage;
  readonly month: PeriodUsage;
  /** Every limit on the caller's calls: own, group pools, cost centre; tokens, USD, requests. */
  readonly budgets: readonly BudgetStanding[];
  /** This month's usage per model. */
  readonly byModel: readonly (UsageTotals & { readonly modelId: string })[];
  /** This month's usage per day. */
  readonly byDay: readonly (UsageTotals & { readonly day: string })[];
}

/** `GET /usage/report` (Administrators). */
export interface UsageReport {
  readonly from: string;
  readonly to: string;
  readonly totals: UsageTotals;
  readonly byUser: readonly (UsageTotals & { readonly sub: string; readonly username: string })[];
  readonly byGroup: readonly (UsageTotals & { readonly group: string })[];
  readonly byModel: readonly (UsageTotals & { readonly modelId: string })[];
  readonly byDay: readonly (UsageTotals & { readonly day: string })[];
}
