/** What an upstream (model) failure answers: the one ApiError of every function (`../shared/api-error.ts`). */
import { ApiError } from '../shared/api-error.ts';

interface SdkError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Why an upstream call ended early, as the processor saw it. */
export interface AbortCause {
  /** The processor's deadline (UPSTREAM_TIMEOUT_MS) passed. */
  timedOut: boolean;
  retryAfterSeconds: number;
}

/**
 * Maps an AWS SDK error (Bedrock Runtime, SageMaker Runtime, S3) to the API's error. The
 * upstream message is not passed on: it may quote the input.
 */
export function fromUpstreamError(error: unknown, cause: AbortCause): ApiError {
  if (error instanceof ApiError) return error;
  // Stryker disable next-line StringLiteral: an error without a name matches no rule below, whatever the default
  const { name = '', $metadata } = (error ?? {}) as SdkError;
  const status = $metadata?.httpStatusCode;
  if (cause.timedOut || name === 'TimeoutError' || name === 'ModelTimeoutException')
    return new ApiError(
      504,
      'UPSTREAM_TIMEOUT',
      'The model did not answer in time; try streaming or an async job',
    );
  if (
    status === 429 ||
    /Throttl|TooManyRequests|ModelNotReady|ServiceQuotaExceeded/.test(name) ||
    name === 'throttlingException'
  )
    return new ApiError(429, 'THROTTLED', 'The model is busy; retry later', {
      retryAfterSeconds: cause.retryAfterSeconds,
    });
  if (name === 'ModelError' || status === 424)
    return new ApiError(424, 'MODEL_ERROR', 'The model endpoint returned an error');
  if (name === 'ValidationException' || name === 'ValidationError')
    return new ApiError(400, 'BAD_REQUEST', 'The model rejected the request', {
      field: 'parameters',
    });
  return new ApiError(502, 'MODEL_ERROR', 'The model or endpoint failed');
}
