import { describe, expect, it } from 'vitest';

import { ApiError, type ErrorCode } from '../../shared/api-error.ts';
import { anthropicErrorBody, openAiErrorBody } from './errors.ts';

const cases: [number, ErrorCode, string | undefined, string, string, string][] = [
  // status, code, field → OpenAI type, OpenAI code, Anthropic type
  [
    400,
    'BAD_REQUEST',
    'temperature',
    'invalid_request_error',
    'bad_request',
    'invalid_request_error',
  ],
  [401, 'UNAUTHORIZED', undefined, 'authentication_error', 'unauthorized', 'authentication_error'],
  [403, 'MODEL_NOT_ALLOWED', 'model', 'permission_error', 'model_not_allowed', 'permission_error'],
  [404, 'MODEL_NOT_FOUND', 'model', 'invalid_request_error', 'model_not_found', 'not_found_error'],
  [
    413,
    'PAYLOAD_TOO_LARGE',
    'messages',
    'invalid_request_error',
    'payload_too_large',
    'request_too_large',
  ],
  [429, 'THROTTLED', undefined, 'rate_limit_error', 'throttled', 'rate_limit_error'],
  [
    429,
    'BUDGET_EXCEEDED',
    undefined,
    'insufficient_quota',
    'insufficient_quota',
    'rate_limit_error',
  ],
  [424, 'MODEL_ERROR', undefined, 'server_error', 'model_error', 'api_error'],
  [502, 'MODEL_ERROR', undefined, 'server_error', 'model_error', 'api_error'],
  [504, 'UPSTREAM_TIMEOUT', undefined, 'server_error', 'upstream_timeout', 'api_error'],
];

describe('compatible error bodies', () => {
  it.each(cases)('%i %s', (status, code, field, openAiType, openAiCode, anthropicType) => {
    const error = new ApiError(status, code, 'what happened', { field });
    expect(openAiErrorBody(error)).toEqual({
      error: { message: 'what happened', type: openAiType, param: field ?? null, code: openAiCode },
    });
    expect(anthropicErrorBody(error)).toEqual({
      type: 'error',
      error: {
        type: anthropicType,
        message: field ? `${field}: what happened` : 'what happened',
        code,
      },
    });
  });

  it('names no field for the model’s own rejection, and carries budget details', () => {
    const rejected = new ApiError(400, 'BAD_REQUEST', 'rejected', { field: 'parameters' });
    expect(openAiErrorBody(rejected).error.param).toBeNull();
    expect(anthropicErrorBody(rejected).error.message).toBe('rejected');
    const details = { scope: 'user', period: 'day' };
    const spent = new ApiError(429, 'BUDGET_EXCEEDED', 'spent', { details });
    expect(openAiErrorBody(spent).error).toMatchObject({ details });
    expect(anthropicErrorBody(spent).error).toMatchObject({ details });
  });
});
