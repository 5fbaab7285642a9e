import type { ModelAttachments } from './attachments.ts';
import type { Group } from './groups.ts';

/** Claim rules: claim name (as in the access token) to the values that allow an entry. */
export type ClaimRules = Readonly<Record<string, readonly string[]>>;

export type ModelProvider = 'bedrock' | 'sagemaker';
export type SageMakerMode = 'sync' | 'streaming' | 'async';
export type SageMakerContentType = 'application/json' | 'text/csv';

/** Limits of a Bedrock model, as the picker shows them. */
export interface BedrockLimits {
  readonly maxInputChars: number;
  readonly maxOutputTokens: number;
}

/**
 * What makes a Bedrock model an embedding model: InvokeModel with the model's own body, served
 * by `POST /openai/v1/embeddings` (never by the chat routes).
 */
export interface EmbeddingSpec {
  /** The body the model takes and answers: Amazon Titan Text Embeddings V2. */
  readonly format: 'titan-text-v2';
  /** Vector sizes the model offers; the first is the default. */
  readonly dimensions: readonly number[];
  /** Most texts one request may embed (each is one InvokeModel call). */
  readonly maxInputs: number;
}

/** Limits of a SageMaker endpoint. */
export interface SageMakerLimits {
  readonly maxInputBytes: number;
}

/** Who may use an entry: shown to Administrators only, so other callers learn no rule. */
export interface ModelAccess {
  readonly groups: readonly Group[];
  readonly claims: ClaimRules;
}

/** An entry of `GET /ml/models`: a model or endpoint the caller may use. */
export interface ModelSummary {
  /** What requests name: `modelId` for Bedrock, `modelName` for SageMaker. */
  readonly id: string;
  readonly label: string;
  readonly provider: ModelProvider;
  /** SageMaker endpoints only. */
  readonly mode?: SageMakerMode;
  /** SageMaker endpoints only: the body the endpoint takes. */
  readonly contentType?: SageMakerContentType;
  readonly limits: BedrockLimits | SageMakerLimits;
  /** Bedrock models only: the images and documents the model accepts (none when absent). */
  readonly attachments?: ModelAttachments;
  /** Bedrock embedding models only: served by `POST /openai/v1/embeddings`, not for chat. */
  readonly embedding?: EmbeddingSpec;
  /** Administrators only: who may use the entry. */
  readonly access?: ModelAccess;
}
