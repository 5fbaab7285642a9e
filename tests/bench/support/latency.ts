/** Latency figures for the benchmarks' reports. */

/** The `p`th percentile (nearest rank, 0-100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Milliseconds with three decimals, e.g. `0.412 ms`. */
export const ms = (value: number): string => `${value.toFixed(3)} ms`;
