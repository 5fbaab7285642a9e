import type { ErrorCode } from './errors.ts';

/**
 * Tokens a model call used, as the model reported them: the cache fields only when the model
 * reported prompt caching.
 */
export interface ModelUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
}

/**
 * One NDJSON line of the streaming routes (docs/api.md): deltas as they arrive, then `done`
 * or, when the model fails mid-stream, `error` (then the stream ends).
 */
export type StreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | {
      readonly type: 'done';
      readonly stopReason?: string;
      readonly usage?: ModelUsage;
      readonly latencyMs?: number;
      /**
       * Placeholder → value of what the guardrail masked in the prompt, when the policy lets
       * the caller restore it in their own view (docs/guardrails.md); only in this answer.
       */
      readonly maskedValues?: Readonly<Record<string, string>>;
      /** What the usage ledger charged for the answer, in nano-dollars (1e-9 USD). */
      readonly costNanoUsd?: number;
    }
  | {
      readonly type: 'error';
      readonly error: { readonly code: ErrorCode; readonly message: string };
    };
