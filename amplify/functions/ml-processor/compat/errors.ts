/**
 * The processor's errors in each compatible API's own error shape, so the official SDKs raise
 * their usual error classes (they choose the class by HTTP status; the status stays ours).
 */
import type { ApiError } from '../../shared/api-error.ts';

/** The native field names that have another name in the compatible APIs. */
const FIELD_NAMES: Readonly<Record<string, string | null>> = {
  // The model's own rejection of the request (fromUpstreamError) names no single field.
  parameters: null,
};

function fieldOf(error: ApiError): string | null {
  if (error.field === undefined) return null;
  return Object.hasOwn(FIELD_NAMES, error.field)
    ? (FIELD_NAMES[error.field] as string | null)
    : error.field;
}

/** OpenAI's `error.type` for an error (its API reference, "Error codes"). */
function openAiType(error: ApiError): string {
  if (error.code === 'BUDGET_EXCEEDED') return 'insufficient_quota';
  if (error.status === 429) return 'rate_limit_error';
  if (error.status === 401) return 'authentication_error';
  if (error.status === 403) return 'permission_error';
  if (error.status >= 500 || error.status === 424) return 'server_error';
  return 'invalid_request_error';
}

/** `{ error: { message, type, param, code } }`, OpenAI's error body. */
export function openAiErrorBody(error: ApiError) {
  return {
    error: {
      message: error.message,
      type: openAiType(error),
      param: fieldOf(error),
      code: error.code === 'BUDGET_EXCEEDED' ? 'insufficient_quota' : error.code.toLowerCase(),
      ...(error.details ? { details: error.details } : {}),
    },
  };
}

/** Anthropic's `error.type` for an error (its API reference, "Errors"). */
function anthropicType(error: ApiError): string {
  if (error.status === 413) return 'request_too_large';
  if (error.status === 429) return 'rate_limit_error';
  if (error.status === 401) return 'authentication_error';
  if (error.status === 403) return 'permission_error';
  if (error.status === 404) return 'not_found_error';
  if (error.status >= 500 || error.status === 424) return 'api_error';
  return 'invalid_request_error';
}

/** `{ type: 'error', error: { type, message } }`, Anthropic's error body. */
export function anthropicErrorBody(error: ApiError) {
  const field = fieldOf(error);
  return {
    type: 'error' as const,
    error: {
      type: anthropicType(error),
      message:
        field && !error.message.startsWith(field) ? `${field}: ${error.message}` : error.message,
      code: error.code,
      ...(error.details ? { details: error.details } : {}),
    },
  };
}
