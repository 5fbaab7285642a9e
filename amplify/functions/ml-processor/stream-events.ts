/**
 * Tokens a Bedrock call used, as the API answers them (docs/api.md): the cache fields only
 * when the model reported prompt caching.
 */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/**
 * The NDJSON lines of the streaming routes (docs/api.md): deltas as they arrive, then `done`
 * or, when the model fails mid-stream, `error`.
 */
export type StreamEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      stopReason?: string;
      usage?: ModelUsage;
      latencyMs?: number;
    }
  | { type: 'error'; error: { code: string; message: string } };

/** One NDJSON line. */
export const ndjsonLine = (event: StreamEvent): string => `${JSON.stringify(event)}\n`;
