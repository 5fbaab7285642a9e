import type { ErrorCode } from './errors.ts';

/** The error part of the envelope. */
export interface ErrorBody {
  readonly code: ErrorCode;
  /** Safe to show the caller: never echoes a prompt, payload or token. */
  readonly message: string;
  /** The request field at fault (400, 413). */
  readonly field?: string;
  /** Code-specific facts, e.g. a `BudgetExceededDetails` for `BUDGET_EXCEEDED`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Every successful JSON answer. */
export interface SuccessEnvelope<T> {
  readonly success: true;
  readonly data: T;
  readonly requestId: string;
}

/**
 * Every failed JSON answer. `requestId` is absent only on the WAF's own blocks, which answer
 * before API Gateway assigns one.
 */
export interface ErrorEnvelope {
  readonly success: false;
  readonly error: ErrorBody;
  readonly requestId?: string;
}
