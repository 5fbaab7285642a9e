import { ApiCallError, apiErrorFromResponse, parseRetryAfter } from './api-call-error';
import { explainError } from './describe-error';

describe('apiErrorFromResponse', () => {
  it('takes code, message, field and request id from the envelope', () => {
    const error = apiErrorFromResponse(
      403,
      {
        success: false,
        error: { code: 'MODEL_NOT_ALLOWED', message: 'Model m is not allowed', field: 'modelId' },
        requestId: 'r-1',
      },
      null,
    );
    expect(error).toMatchObject({
      status: 403,
      code: 'MODEL_NOT_ALLOWED',
      message: 'Model m is not allowed',
    });
    expect(error.details).toEqual({
      field: 'modelId',
      retryAfterSeconds: undefined,
      requestId: 'r-1',
    });
  });

  it('falls back to the status meaning and API Gateway message', () => {
    const error = apiErrorFromResponse(429, { message: 'Too Many Requests' }, '7');
    expect(error.code).toBe('THROTTLED');
    expect(error.message).toBe('Too Many Requests');
    expect(error.details.retryAfterSeconds).toBe(7);
  });

  it('reads a code it does not know as the meaning of the status', () => {
    const body = { success: false, error: { code: 'SOMETHING_NEW', message: 'New' } };
    expect(apiErrorFromResponse(404, body, null).code).toBe('MODEL_NOT_FOUND');
    expect(apiErrorFromResponse(418, body, null).code).toBe('UNKNOWN');
  });

  it('reads which budget ran out from a BUDGET_EXCEEDED answer', () => {
    const budget = {
      scope: 'user',
      period: 'day',
      unit: 'tokens',
      limit: 1000,
      resetsAt: '2026-12-01T00:00:00.000Z',
    };
    const error = apiErrorFromResponse(
      429,
      { success: false, error: { code: 'BUDGET_EXCEEDED', message: 'Spent', details: budget } },
      '3600',
    );
    expect(error.code).toBe('BUDGET_EXCEEDED');
    expect(error.details.budget).toEqual(budget);
    expect(error.details.retryAfterSeconds).toBe(3600);
  });

  it('reads every field a 400 names, keeping only well-formed items', () => {
    const error = apiErrorFromResponse(
      400,
      {
        success: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'entries.0.group: must be one of the app groups',
          field: 'entries.0.group',
          details: {
            fields: [
              { field: 'entries.0.group', message: 'must be one of the app groups' },
              { field: 'entries.1.value', message: 'must not be empty' },
              { field: 7, message: 'not a field' },
            ],
          },
        },
      },
      null,
    );
    expect(error.details.fields).toEqual([
      { field: 'entries.0.group', message: 'must be one of the app groups' },
      { field: 'entries.1.value', message: 'must not be empty' },
    ]);
    expect(
      apiErrorFromResponse(400, { error: { code: 'BAD_REQUEST', message: 'x' } }, null).details
        .fields,
    ).toBeUndefined();
  });

  it('handles a body that is not JSON', () => {
    expect(apiErrorFromResponse(504, undefined, null)).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      message: 'The request failed (HTTP 504)',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:12 GMT', now)).toBe(12);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('explainError', () => {
  it('403 names the model that is not allowed', () => {
    const explained = explainError(
      new ApiCallError(403, 'MODEL_NOT_ALLOWED', 'Model claude is not allowed for ReadOnly.'),
      'Claude Haiku',
    );
    expect(explained.title).toBe('Not allowed: Claude Haiku');
    expect(explained.detail).toContain('Model claude is not allowed for ReadOnly.');
  });

  it('429 gives the wait to the countdown and says the message once, as a sentence', () => {
    const explained = explainError(
      new ApiCallError(429, 'THROTTLED', 'The model is busy; retry later', {
        retryAfterSeconds: 12,
      }),
    );
    expect(explained.detail).toBe('The model is busy; retry later.');
    expect(explained.retryAfterSeconds).toBe(12);
  });

  it('a spent budget (429 BUDGET_EXCEEDED) is said in words with its local reset, no countdown', () => {
    const resetsAt = new Date(2026, 11, 1, 1, 0);
    const error = apiErrorFromResponse(
      429,
      {
        success: false,
        error: {
          code: 'BUDGET_EXCEEDED',
          message: 'Daily budget exceeded',
          details: {
            scope: 'user',
            period: 'day',
            unit: 'usd',
            limit: 5,
            resetsAt: resetsAt.toISOString(),
          },
        },
        requestId: 'r',
      },
      '25200',
    );
    expect(error.details.budget).toMatchObject({ scope: 'user', unit: 'usd', limit: 5 });
    const explained = explainError(error, 'Claude', new Date(2026, 10, 30, 18, 0));
    expect(explained).toEqual({
      title: 'Budget used up',
      detail:
        'Your daily budget of $5.00 is used up. It resets at 01:00 tomorrow. Ask an administrator if you need more.',
    });
  });

  it('a spent budget without details keeps the gateway message', () => {
    const explained = explainError(new ApiCallError(429, 'BUDGET_EXCEEDED', 'Budget exceeded'));
    expect(explained.detail).toBe('Budget exceeded. Ask an administrator if you need more.');
    expect(explained.retryAfterSeconds).toBeUndefined();
  });

  it('429 without Retry-After asks to wait a moment', () => {
    const explained = explainError(new ApiCallError(429, 'THROTTLED', 'Rate exceeded.'));
    expect(explained.detail).toBe('Rate exceeded. Wait a moment and try again.');
    expect(explained.retryAfterSeconds).toBeUndefined();
  });

  it('504 explains the time limit and suggests the async path', () => {
    const explained = explainError(new ApiCallError(504, 'UPSTREAM_TIMEOUT', 'Timed out'));
    expect(explained.suggestAsync).toBe(true);
    expect(explained.detail).toMatch(/streaming/i);
    expect(explained.detail).toMatch(/async/i);
  });

  it('explains offline and unknown errors', () => {
    expect(explainError(new ApiCallError(0, 'OFFLINE', 'x')).title).toBe('You are offline');
    expect(explainError(new Error('boom'))).toEqual({
      title: 'Something went wrong',
      detail: 'boom',
    });
  });
});
