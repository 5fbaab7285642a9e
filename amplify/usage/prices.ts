/** USD per 1,000 tokens for one model, as published by the provider (estimates only). */
export interface ModelPrice {
  readonly inputPer1k: number;
  readonly outputPer1k: number;
}

/**
 * Price table keyed by catalog id (`modelId` the app sends). Used only for the cost estimates
 * of the usage pages; update it when prices or the catalog change. Models not listed show no
 * cost. SageMaker endpoints are billed per instance hour, not per token, so they are absent.
 */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-sonnet-4': { inputPer1k: 0.003, outputPer1k: 0.015 },
  'nova-lite': { inputPer1k: 0.00006, outputPer1k: 0.00024 },
  // Local models (local mode and tests) cost nothing.
  'local.echo': { inputPer1k: 0, outputPer1k: 0 },
  'local.summarizer': { inputPer1k: 0, outputPer1k: 0 },
};

/** Estimated cost in USD of that many tokens on a model, or undefined when it has no price. */
export function estimateCostUsd(
  modelId: string,
  inputTokens: number,
  outputTokens: number,
  prices: Readonly<Record<string, ModelPrice>> = PRICES,
): number | undefined {
  const price = prices[modelId];
  if (!price) return undefined;
  return (inputTokens / 1000) * price.inputPer1k + (outputTokens / 1000) * price.outputPer1k;
}

/** Rounds a sum of estimates to a hundredth of a cent, for display. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
