import type { ErrorCode } from '../../contract/errors.ts';

/** An answer other than success: HTTP status, envelope code, message, optional field. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly field?: string;

  constructor(status: number, code: ErrorCode, message: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export const badRequest = (message: string, field?: string) =>
  new ApiError(400, 'BAD_REQUEST', message, field);

/** Also answered for another user's conversation: its existence is not revealed. */
export const conversationNotFound = () =>
  new ApiError(404, 'CONVERSATION_NOT_FOUND', 'No such conversation');

export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);
