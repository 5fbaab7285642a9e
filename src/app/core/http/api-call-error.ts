import {
  type BudgetExceededDetails,
  budgetExceededDetailsOf,
  type ErrorCode,
  isErrorCode,
} from '../../../../amplify/contract/errors';

/** Error codes of the API envelope (amplify/contract/errors.ts), plus the app's own for network failures. */
export type ApiErrorCode = ErrorCode | 'OFFLINE' | 'NETWORK_ERROR' | 'UNKNOWN';

/** One field a 400 names, and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** What the app knows about a failed API call, in a form the UI can explain. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: {
      readonly field?: string;
      /** Seconds to wait before retrying (from `Retry-After`). */
      readonly retryAfterSeconds?: number;
      readonly requestId?: string;
      /** Which budget ran out and when it resets (`BUDGET_EXCEEDED`). */
      readonly budget?: BudgetExceededDetails;
      /** Every field at fault and why, when the API names them all (`details.fields`). */
      readonly fields?: readonly FieldProblem[];
    } = {},
  ) {
    super(message);
  }
}

const DEFAULT_CODES: Readonly<Record<number, ApiErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'MODEL_NOT_FOUND',
  411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'GUARDRAIL_INTERVENED',
  424: 'MODEL_ERROR',
  429: 'THROTTLED',
  502: 'MODEL_ERROR',
  504: 'UPSTREAM_TIMEOUT',
};

/**
 * Builds an ApiCallError from a failed response: the envelope's code and message when the body has
 * one (API Gateway's own 401/403/429/504 bodies do not), else the status's meaning.
 */
export function apiErrorFromResponse(
  status: number,
  body: unknown,
  retryAfterHeader: string | null,
): ApiCallError {
  const envelope = envelopeError(body);
  const code = envelope?.code ?? DEFAULT_CODES[status] ?? 'UNKNOWN';
  const message =
    envelope?.message ??
    gatewayMessage(body) ??
    $localize`:A failed request without a message@@error.httpStatus:The request failed (HTTP ${status}:status:)`;
  return new ApiCallError(status, code, message, {
    field: envelope?.field,
    retryAfterSeconds: parseRetryAfter(retryAfterHeader),
    requestId: requestIdOf(body),
    budget: code === 'BUDGET_EXCEEDED' ? budgetExceededDetailsOf(envelope?.details) : undefined,
    fields: fieldProblemsOf(envelope?.details),
  });
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date); undefined if absent or bad. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function envelopeError(
  body: unknown,
): { code?: ErrorCode; message: string; field?: string; details?: unknown } | undefined {
  if (!isRecord(body) || !isRecord(body['error'])) return undefined;
  const { code, message, field, details } = body['error'];
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    // A code this build does not know reads as the status's meaning.
    code: isErrorCode(code) ? code : undefined,
    message,
    field: typeof field === 'string' ? field : undefined,
    details,
  };
}

/** `details.fields` of a 400: the well-formed `{ field, message }` items, if any. */
function fieldProblemsOf(details: unknown): readonly FieldProblem[] | undefined {
  if (!isRecord(details) || !Array.isArray(details['fields'])) return undefined;
  const fields = details['fields'].filter(
    (item): item is FieldProblem =>
      isRecord(item) && typeof item['field'] === 'string' && typeof item['message'] === 'string',
  );
  return fields.length > 0 ? fields.map(({ field, message }) => ({ field, message })) : undefined;
}

function gatewayMessage(body: unknown): string | undefined {
  // API Gateway's default responses are `{ "message": "..." }`.
  return isRecord(body) && typeof body['message'] === 'string' ? body['message'] : undefined;
}

function requestIdOf(body: unknown): string | undefined {
  return isRecord(body) && typeof body['requestId'] === 'string' ? body['requestId'] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
