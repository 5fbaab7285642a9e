/**
 * The one error every function answers with (docs/api.md, "Envelope"): an HTTP status, a
 * documented code and a message safe to show the caller.
 */

/**
 * The documented error codes of the envelope. Kept here until the contract module
 * (`amplify/contract/`) owns the list; then this becomes an import from it.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'MODEL_NOT_ALLOWED'
  | 'MODEL_NOT_FOUND'
  | 'JOB_NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'CONVERSATION_NOT_FOUND'
  | 'CONVERSATION_LIMIT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'THROTTLED'
  | 'BUDGET_EXCEEDED'
  | 'MODEL_ERROR'
  | 'UPSTREAM_TIMEOUT'
  | 'INTERNAL_ERROR';

/** What an `ApiError` may carry besides status, code and message. */
export interface ApiErrorOptions {
  /** The request field at fault (400, 413). */
  readonly field?: string;
  /** Machine-readable facts for the app, e.g. the spent budget of a `BUDGET_EXCEEDED`. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Seconds for the `Retry-After` header (429). */
  readonly retryAfterSeconds?: number;
}

/** An answer other than success; the router turns it into the error envelope. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly retryAfterSeconds?: number;

  constructor(status: number, code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A 400 naming the offending field. */
export const badRequest = (field: string, message: string): ApiError =>
  new ApiError(400, 'BAD_REQUEST', message, { field });
