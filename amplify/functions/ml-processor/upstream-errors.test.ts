import { describe, expect, it } from 'vitest';

import { ApiError, badRequest } from '../shared/api-error.ts';
import { fromUpstreamError } from './upstream-errors.ts';

const inTime = { timedOut: false, retryAfterSeconds: 7 };
const sdkError = (name: string, httpStatusCode?: number) =>
  Object.assign(new Error('upstream said: <the prompt, quoted>'), {
    name,
    $metadata: { httpStatusCode },
  });
const mapped = (error: unknown, cause = inTime) => {
  const result = fromUpstreamError(error, cause);
  return {
    status: result.status,
    code: result.code,
    message: result.message,
    field: result.field,
    retryAfterSeconds: result.retryAfterSeconds,
  };
};

describe('fromUpstreamError', () => {
  it('passes an ApiError through unchanged', () => {
    const original = new ApiError(403, 'MODEL_NOT_ALLOWED', 'no');
    expect(fromUpstreamError(original, inTime)).toBe(original);
  });

  it('answers 504 when the deadline passed or the SDK or model timed out', () => {
    const timeout = {
      status: 504,
      code: 'UPSTREAM_TIMEOUT',
      message: 'The model did not answer in time; try streaming or an async job',
    };
    expect(mapped(sdkError('AbortError'), { ...inTime, timedOut: true })).toMatchObject(timeout);
    expect(mapped(sdkError('TimeoutError'))).toMatchObject(timeout);
    expect(mapped(sdkError('ModelTimeoutException', 408))).toMatchObject(timeout);
  });

  it('answers 429 with Retry-After for every way upstream says it is busy', () => {
    const busy = {
      status: 429,
      code: 'THROTTLED',
      message: 'The model is busy; retry later',
      retryAfterSeconds: 7,
    };
    for (const name of [
      'ThrottlingException',
      'throttlingException',
      'TooManyRequestsException',
      'ModelNotReadyException',
      'ServiceQuotaExceededException',
    ])
      expect(mapped(sdkError(name, 400)), name).toEqual({ ...busy, field: undefined });
    expect(mapped(sdkError('SomethingElse', 429))).toMatchObject(busy);
  });

  it('answers 424 for a model that failed on the input', () => {
    const modelError = {
      status: 424,
      code: 'MODEL_ERROR',
      message: 'The model endpoint returned an error',
    };
    expect(mapped(sdkError('ModelError', 400))).toMatchObject(modelError);
    expect(mapped(sdkError('Unknown', 424))).toMatchObject(modelError);
  });

  it('answers 400 naming the parameters when the model rejects the request', () => {
    const rejected = {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'The model rejected the request',
      field: 'parameters',
    };
    expect(mapped(sdkError('ValidationException', 400))).toMatchObject(rejected);
    expect(mapped(sdkError('ValidationError', 400))).toMatchObject(rejected);
  });

  it('answers 502 for anything else, never passing the upstream message on', () => {
    for (const error of [sdkError('InternalServerException', 500), undefined, null, 'text']) {
      const result = fromUpstreamError(error, inTime);
      expect(result).toMatchObject({
        status: 502,
        code: 'MODEL_ERROR',
        message: 'The model or endpoint failed',
      });
      expect(result.message).not.toContain('prompt');
    }
  });
});

describe('ApiError', () => {
  it('carries status, code, message, field and Retry-After', () => {
    const error = new ApiError(429, 'THROTTLED', 'busy', { field: 'x', retryAfterSeconds: 3 });
    expect(error).toMatchObject({
      name: 'ApiError',
      status: 429,
      code: 'THROTTLED',
      message: 'busy',
      field: 'x',
      retryAfterSeconds: 3,
    });
    expect(badRequest('modelId', 'bad')).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'bad',
      field: 'modelId',
    });
  });
});
