import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';

import type { DetectorType } from '../../guardrails/detectors/index.ts';
import type { GuardrailPolicy } from '../../guardrails/policies.ts';

/** Who stopped a request: a deterministic detector, or the policy's Bedrock guardrail. */
export type InterventionSource = 'detector' | 'bedrockGuardrail';

/** One intervention, as counted and answered (never the content). */
export interface Intervention {
  readonly policy: string;
  readonly source: InterventionSource;
  /** The detector type that blocked, for `source: 'detector'`. */
  readonly detector?: DetectorType;
  /** Whether the prompt (`input`) or the model's answer (`output`) was stopped. */
  readonly stage: 'input' | 'output';
}

/**
 * What the model-call seam (model-calls.ts) needs of the request it serves: the caller's policy
 * for the model, the client ApplyGuardrail goes through, and where to count what it did.
 */
export interface CallGuard {
  readonly policy: GuardrailPolicy;
  /** Bedrock Runtime, for ApplyGuardrail on SageMaker inputs and outputs. */
  readonly bedrock?: BedrockRuntimeClient;
  intervened(intervention: Intervention): void;
  masked(types: readonly DetectorType[]): void;
  /**
   * The prompt's restorable masked values (placeholder → value), for this request's answer to
   * its caller only: never logged, counted or audited.
   */
  restorable?(mapping: Readonly<Record<string, string>>): void;
}
