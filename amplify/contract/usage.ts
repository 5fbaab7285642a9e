/** Shapes of the usage routes (docs/usage.md). */

/** Tokens and requests of one slice of usage; the cost is absent when a model has no price. */
export interface UsageTotals {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
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

/** `GET /usage/me`. */
export interface OwnUsage {
  readonly day: PeriodUsage;
  readonly month: PeriodUsage;
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
