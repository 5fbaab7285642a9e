/** Shapes of the gateway API (docs/api.md). */

/** An entry of `GET /ml/models`: a model or endpoint the caller may use. */
export interface ModelSummary {
  readonly id: string;
  readonly label: string;
  readonly provider: 'bedrock' | 'sagemaker';
  readonly mode?: 'sync' | 'streaming' | 'async';
  readonly contentType?: 'application/json' | 'text/csv';
  readonly limits: Readonly<Record<string, number>>;
}

/** The success envelope. */
export interface Envelope<T> {
  readonly success: true;
  readonly data: T;
  readonly requestId: string;
}

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface BedrockRequest {
  readonly modelId: string;
  readonly messages: readonly ChatMessage[];
  readonly system?: string;
  readonly parameters?: {
    readonly maxTokens?: number;
    readonly temperature?: number;
    readonly topP?: number;
  };
}

export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** One line of an NDJSON stream. */
export type StreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | {
      readonly type: 'done';
      readonly stopReason: string;
      readonly usage: Usage;
      readonly latencyMs: number;
    }
  | { readonly type: 'error'; readonly error: { readonly code: string; readonly message: string } };

export interface SageMakerRequest {
  readonly modelName: string;
  readonly inputData: unknown;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** `POST /ml/sagemaker`: a sync result, or an async job to follow. */
export type SageMakerResult =
  | { readonly output: unknown; readonly contentType: string; readonly latencyMs: number }
  | { readonly jobId: string; readonly status: 'InProgress' };

export interface SageMakerJob {
  readonly jobId: string;
  readonly status: 'InProgress' | 'Completed' | 'Failed';
  readonly output?: unknown;
  readonly error?: string | { readonly code?: string; readonly message: string };
}
