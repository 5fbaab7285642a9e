import type { ErrorCode } from './errors.ts';

/** Tokens a model call used, as the model reported them. */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
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
      readonly usage?: TokenUsage;
      readonly latencyMs?: number;
    }
  | {
      readonly type: 'error';
      readonly error: { readonly code: ErrorCode; readonly message: string };
    };
