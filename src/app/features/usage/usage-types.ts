/** Shapes of the usage routes: the contract's (amplify/contract/usage.ts). */
import type { UsageTotals } from '../../../../amplify/contract/usage';

export type {
  OwnUsage,
  PeriodUsage,
  UsageReport,
  UsageTotals,
} from '../../../../amplify/contract/usage';

/** Input plus output tokens of a slice. */
export const totalTokens = (totals: UsageTotals): number =>
  totals.inputTokens + totals.outputTokens;
