import { describe, expect, it } from 'vitest';

import {
  apiEvent,
  call,
  callers,
  callStream,
  useHarness,
} from '../../../tests/support/processor-harness.ts';
import { encodeCaller } from '../shared/authorizer-context.ts';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from './request.ts';

// A body limit large enough for 100,000 levels of `[]`, so the depth check is what answers.
const harness = useHarness({ MAX_BODY_BYTES: String(1024 * 1024) });

const nested = (levels: number) => `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;
const sagemakerBody = (inputData: string) =>
  `{"modelName":"local-sentiment","inputData":${inputData}}`;

describe('deeply nested inputData', () => {
  it('100,000 levels answer 400 naming inputData, not a 502 model error', async () => {
    const { status, body } = await call(
      harness.processor,
      apiEvent('POST', '/ml/sagemaker', { rawBody: sagemakerBody(nested(100_000)) }),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'inputData' });
    expect(body.error?.message).toContain(`${MAX_INPUT_DEPTH} levels`);
  });

  it('as deep as an object as well, on the streaming route too', async () => {
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const { status, json } = await callStream(
      harness.processor,
      apiEvent('POST', '/ml/sagemaker/stream', {
        rawBody: `{"modelName":"local-text-stream","inputData":${deepObject}}`,
      }),
    );
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'inputData' } });
  });

  it(`accepts exactly ${MAX_INPUT_DEPTH} levels and refuses one more`, () => {
    const value = JSON.parse(nested(MAX_INPUT_DEPTH)) as unknown;
    expect(nestsDeeperThan(value, MAX_INPUT_DEPTH)).toBe(false);
    expect(nestsDeeperThan([value], MAX_INPUT_DEPTH)).toBe(true);
    expect(nestsDeeperThan({ a: [1, { b: 'x' }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: ['x'] }] }, 3)).toBe(true);
    // JSON null is a leaf, not an object to walk into.
    expect(nestsDeeperThan({ a: null, b: [null] }, 3)).toBe(false);
  });
});

describe('the caller as the authorizer passed it', () => {
  const expired = Math.floor(Date.now() / 1000) - 1;

  it('is refused with 401 in the envelope once its token has expired (cached Allow)', async () => {
    const event = apiEvent('GET', '/ml/models');
    event.requestContext.authorizer = { ...encodeCaller(callers.mlUser, expired) };
    const { status, body } = await call(harness.processor, event);
    expect(status).toBe(401);
    expect(body).toMatchObject({
      success: false,
      error: { code: 'UNAUTHORIZED', message: 'The access token has expired; sign in again' },
    });
  });

  it('is refused on the streaming routes as well', async () => {
    const event = apiEvent('POST', '/ml/bedrock/stream', {
      body: { modelId: 'local.echo', prompt: 'hello' },
    });
    event.requestContext.authorizer = { ...encodeCaller(callers.mlUser, expired) };
    const { status, json } = await callStream(harness.processor, event);
    expect(status).toBe(401);
    expect(json).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('with comma-joined groups (not JSON) is refused rather than split into groups', async () => {
    const event = apiEvent('GET', '/ml/models');
    event.requestContext.authorizer = {
      ...encodeCaller(callers.readOnly, Math.floor(Date.now() / 1000) + 60),
      groups: 'ReadOnly,Administrators',
    };
    const { status } = await call(harness.processor, event);
    expect(status).toBe(401);
  });
});

describe('the body limit', () => {
  it('is measured on the body received, with no Content-Length to trust', async () => {
    const prompt = 'x'.repeat(1024 * 1024);
    const event = apiEvent('POST', '/ml/bedrock', { body: { modelId: 'local.echo', prompt } });
    expect(Object.keys(event.headers).map((name) => name.toLowerCase())).not.toContain(
      'content-length',
    );
    const { status, body } = await call(harness.processor, event);
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'body' });
  });
});
