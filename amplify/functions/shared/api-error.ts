/**
 * The one error every function answers with (docs/api.md, "Envelope"): an HTTP status, a
 * documented code and a message safe to show the caller.
 */

import type { ErrorCode } from '../../contract/errors.ts';

export type { ErrorCode };

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
