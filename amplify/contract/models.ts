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
  /** Administrators only: who may use the entry. */
  readonly access?: ModelAccess;
}
