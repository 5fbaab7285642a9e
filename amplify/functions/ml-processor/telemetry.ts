import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** Structured JSON logs. Never pass a prompt, payload, model output or token to it. */
export function createProcessorLogger(): Logger {
  return new Logger({ serviceName: 'ml-processor' });
}

const NAMESPACE = 'MLGateway';

/** How an invocation ended, for logs and metrics. */
export type Outcome =
  | 'ok'
  | 'client_error'
  | 'throttled'
  | 'budget_exceeded'
  | 'guardrail_intervened'
  | 'error'
  | 'client_gone';

/** What one invocation reports: identifiers and figures only, no content. */
export interface InvocationRecord {
  /** The deployment (REST API name) that served the call: a metrics dimension. */
  readonly deployment: string;
  readonly requestId: string;
  readonly route: string;
  readonly sub: string;
  /** Catalog id of the model, when the request got that far. */
  readonly model?: string;
  /** The group that granted access (metrics dimension). */
  readonly group?: string;
  readonly status: number;
  readonly outcome: Outcome;
  readonly latencyMs: number;
  /** Time spent waiting for the model. */
  readonly upstreamMs?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** Prompt-cache tokens, when the model reported them. */
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
  /** Error code of the answer, and the upstream exception name, when it failed. */
  readonly errorCode?: string;
  readonly upstreamError?: string;
  /** The guardrail policy, when it stopped or masked something. */
  readonly guardrailPolicy?: string;
  /** Who stopped the request: `detector:<type>` or `bedrockGuardrail:<input|output>`. */
  readonly guardrailIntervention?: string;
  /** The detector types whose findings were masked. */
  readonly guardrailMasked?: readonly string[];
}

/**
 * Logs the invocation and emits its EMF metrics (per deployment, model and group): Invocations,
 * InputTokens, OutputTokens, CacheReadTokens and CacheWriteTokens (when reported), Latency, Errors,
 * Throttles, GuardrailInterventions and GuardrailMasks (requests the policy stopped, or
 * masked values of). A fresh Metrics buffer per call keeps
 * concurrent invocations (local mode) from mixing their dimensions.
 */
export function recordInvocation(logger: Logger, record: InvocationRecord): void {
  const level = record.outcome === 'error' ? 'error' : 'info';
  logger[level]('ml invocation', { ...record });
  if (!record.model) return;
  const metrics = new Metrics({ namespace: NAMESPACE, serviceName: 'ml-processor' });
  metrics.addDimensions({
    deployment: record.deployment,
    model: record.model,
    group: record.group ?? 'none',
  });
  metrics.addMetric('Invocations', MetricUnit.Count, 1);
  metrics.addMetric('Latency', MetricUnit.Milliseconds, record.latencyMs);
  if (record.inputTokens !== undefined)
    metrics.addMetric('InputTokens', MetricUnit.Count, record.inputTokens);
  if (record.outputTokens !== undefined)
    metrics.addMetric('OutputTokens', MetricUnit.Count, record.outputTokens);
  if (record.cacheReadTokens !== undefined)
    metrics.addMetric('CacheReadTokens', MetricUnit.Count, record.cacheReadTokens);
  if (record.cacheWriteTokens !== undefined)
    metrics.addMetric('CacheWriteTokens', MetricUnit.Count, record.cacheWriteTokens);
  metrics.addMetric('Errors', MetricUnit.Count, record.outcome === 'error' ? 1 : 0);
  metrics.addMetric('Throttles', MetricUnit.Count, record.outcome === 'throttled' ? 1 : 0);
  metrics.addMetric(
    'GuardrailInterventions',
    MetricUnit.Count,
    record.outcome === 'guardrail_intervened' ? 1 : 0,
  );
  metrics.addMetric('GuardrailMasks', MetricUnit.Count, record.guardrailMasked ? 1 : 0);
  metrics.publishStoredMetrics();
}
