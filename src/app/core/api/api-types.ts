/**
 * Shapes of the gateway API: the contract's (amplify/contract), which the functions and the
 * emulator use too. Only the SageMaker results below are still the app's own reading.
 */
export type { SuccessEnvelope as Envelope } from '../../../../amplify/contract/envelope';
export type { ChatMessage } from '../../../../amplify/contract/history';
export type { ModelSummary } from '../../../../amplify/contract/models';
import type { SageMakerRequestBody } from '../../../../amplify/contract/request-bodies';

export type { BedrockRequestBody as BedrockRequest } from '../../../../amplify/contract/request-bodies';

/** `inputData` is whatever JSON the user typed: the API, not the app, checks its shape. */
export type SageMakerRequest = Omit<SageMakerRequestBody, 'inputData'> & {
  readonly inputData: unknown;
};
export type { StreamEvent, ModelUsage as Usage } from '../../../../amplify/contract/stream-events';

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
