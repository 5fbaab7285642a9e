/** The error codes of the API envelope (docs/api.md). */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'MODEL_NOT_ALLOWED'
  | 'MODEL_NOT_FOUND'
  | 'JOB_NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'THROTTLED'
  | 'BUDGET_EXCEEDED'
  | 'GUARDRAIL_INTERVENED'
  | 'MODEL_ERROR'
  | 'UPSTREAM_TIMEOUT';

/** An error the processor answers with: status, code and a message safe to show the caller. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode;
  /** The request field at fault (400, 413). */
  readonly field?: string;
  /** Seconds for the `Retry-After` header (429). */
  readonly retryAfterSeconds?: number;
  /** Machine-readable particulars (`BUDGET_EXCEEDED`: the scope, period and reset time). */
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    extra: {
      field?: string;
      retryAfterSeconds?: number;
      details?: Readonly<Record<string, unknown>>;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = extra.field;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.details = extra.details;
  }
}

/** A 400 naming the offending field. */
export const badRequest = (field: string, message: string) =>
  new ApiError(400, 'BAD_REQUEST', message, { field });

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
