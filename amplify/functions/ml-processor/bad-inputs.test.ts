import { describe, expect, it } from 'vitest';

import {
  apiEvent,
  call,
  callers,
  callStream,
  type EventOptions,
  useHarness,
} from '../../../tests/support/processor-harness.ts';

const harness = useHarness();

const echo = { modelId: 'local.echo', prompt: 'hello' };
const sentiment = { modelName: 'local-sentiment', inputData: 'fine' };
const jobs = '/ml/sagemaker/jobs/{jobId}';

interface BadInput {
  name: string;
  method?: string;
  resource: string;
  options: EventOptions;
  status: number;
  code: string;
  /** The field the 4xx names, when it names one. */
  field?: string;
}

const cases: BadInput[] = [
  {
    name: 'body is not JSON',
    resource: '/ml/bedrock',
    options: { rawBody: '{"modelId":' },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'body',
  },
  {
    name: 'body is empty',
    resource: '/ml/bedrock',
    options: { rawBody: '' },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'body',
  },
  {
    name: 'body is a JSON array',
    resource: '/ml/bedrock',
    options: { body: [echo] },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'body',
  },
  {
    name: 'body is a JSON string',
    resource: '/ml/sagemaker',
    options: { body: 'hello' },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'body',
  },
  {
    name: 'wrong content type',
    resource: '/ml/bedrock',
    options: { body: echo, headers: { 'Content-Type': 'text/plain' } },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form-encoded body',
    resource: '/ml/sagemaker',
    options: {
      rawBody: 'modelName=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'body over MAX_BODY_BYTES',
    resource: '/ml/bedrock',
    options: { body: { ...echo, prompt: 'x'.repeat(270_000) } },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    field: 'body',
  },
  {
    name: 'missing modelId',
    resource: '/ml/bedrock',
    options: { body: { prompt: 'hi' } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'modelId',
  },
  {
    name: 'modelId is a number',
    resource: '/ml/bedrock',
    options: { body: { ...echo, modelId: 42 } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'modelId',
  },
  {
    name: 'neither prompt nor messages',
    resource: '/ml/bedrock',
    options: { body: { modelId: 'local.echo' } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'prompt',
  },
  {
    name: 'both prompt and messages',
    resource: '/ml/bedrock',
    options: { body: { ...echo, messages: [{ role: 'user', content: 'x' }] } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'prompt',
  },
  {
    name: 'blank prompt',
    resource: '/ml/bedrock',
    options: { body: { ...echo, prompt: '   ' } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'prompt',
  },
  {
    name: 'prompt is an object',
    resource: '/ml/bedrock',
    options: { body: { ...echo, prompt: { text: 'x' } } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'prompt',
  },
  {
    name: 'messages is empty',
    resource: '/ml/bedrock',
    options: { body: { modelId: 'local.echo', messages: [] } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'messages',
  },
  {
    name: 'message with an unknown role',
    resource: '/ml/bedrock',
    options: { body: { modelId: 'local.echo', messages: [{ role: 'system', content: 'x' }] } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'messages.0.role',
  },
  {
    name: 'conversation starting with the assistant',
    resource: '/ml/bedrock',
    options: {
      body: {
        modelId: 'local.echo',
        messages: [
          { role: 'assistant', content: 'x' },
          { role: 'user', content: 'y' },
          { role: 'assistant', content: 'z' },
        ],
      },
    },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'messages.0.role',
  },
  {
    name: 'conversation ending with the assistant',
    resource: '/ml/bedrock',
    options: {
      body: {
        modelId: 'local.echo',
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: 'y' },
        ],
      },
    },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'messages',
  },
  {
    name: 'message without content',
    resource: '/ml/bedrock',
    options: { body: { modelId: 'local.echo', messages: [{ role: 'user' }] } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'messages.0.content',
  },
  {
    name: 'unknown top-level field',
    resource: '/ml/bedrock',
    options: { body: { ...echo, stream: true } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'stream',
  },
  {
    name: 'temperature above 1',
    resource: '/ml/bedrock',
    options: { body: { ...echo, parameters: { temperature: 1.5 } } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'parameters.temperature',
  },
  {
    name: 'negative topP',
    resource: '/ml/bedrock',
    options: { body: { ...echo, parameters: { topP: -0.1 } } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'parameters.topP',
  },
  {
    name: 'fractional maxTokens',
    resource: '/ml/bedrock',
    options: { body: { ...echo, parameters: { maxTokens: 2.5 } } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'parameters.maxTokens',
  },
  {
    name: 'maxTokens over the model limit',
    resource: '/ml/bedrock',
    options: { body: { ...echo, parameters: { maxTokens: 5000 } } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'parameters.maxTokens',
  },
  {
    name: 'unknown parameter',
    resource: '/ml/bedrock',
    options: { body: { ...echo, parameters: { topK: 5 } } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'parameters.topK',
  },
  {
    name: 'prompt over the model’s maxInputChars',
    resource: '/ml/bedrock',
    options: { body: { ...echo, prompt: 'y'.repeat(20_001) } },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    field: 'prompt',
  },
  {
    name: 'unknown Bedrock model',
    resource: '/ml/bedrock',
    options: { body: { ...echo, modelId: 'gpt-9' } },
    status: 404,
    code: 'MODEL_NOT_FOUND',
    field: 'modelId',
  },
  {
    name: 'an AWS model while serving local models',
    resource: '/ml/bedrock',
    options: { body: { ...echo, modelId: 'nova-lite' } },
    status: 404,
    code: 'MODEL_NOT_FOUND',
    field: 'modelId',
  },
  {
    name: 'a SageMaker name on the Bedrock route',
    resource: '/ml/bedrock',
    options: { body: { ...echo, modelId: 'local-sentiment' } },
    status: 404,
    code: 'MODEL_NOT_FOUND',
    field: 'modelId',
  },
  {
    name: 'model only administrators may use',
    resource: '/ml/bedrock',
    options: { body: { ...echo, modelId: 'local.summarizer' } },
    status: 403,
    code: 'MODEL_NOT_ALLOWED',
    field: 'modelId',
  },
  {
    name: 'model needing a department claim',
    resource: '/ml/sagemaker',
    options: { body: { modelName: 'local-csv-scorer', inputData: '1,2' } },
    status: 403,
    code: 'MODEL_NOT_ALLOWED',
    field: 'modelName',
  },
  {
    name: 'ReadOnly caller invoking a model',
    resource: '/ml/bedrock',
    options: { body: echo, caller: callers.readOnly },
    status: 403,
    code: 'MODEL_NOT_ALLOWED',
    field: 'modelId',
  },
  {
    name: 'no authorizer context',
    resource: '/ml/bedrock',
    options: { body: echo, caller: null },
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'missing modelName',
    resource: '/ml/sagemaker',
    options: { body: { inputData: 'x' } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'modelName',
  },
  {
    name: 'missing inputData',
    resource: '/ml/sagemaker',
    options: { body: { modelName: 'local-sentiment' } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'inputData',
  },
  {
    name: 'inputData is a boolean',
    resource: '/ml/sagemaker',
    options: { body: { ...sentiment, inputData: true } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'inputData',
  },
  {
    name: 'CSV endpoint given JSON',
    resource: '/ml/sagemaker',
    options: {
      body: { modelName: 'local-csv-scorer', inputData: { a: 1 } },
      caller: callers.finance,
    },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'inputData',
  },
  {
    name: 'CSV endpoint given parameters',
    resource: '/ml/sagemaker',
    options: {
      body: { modelName: 'local-csv-scorer', inputData: '1,2', parameters: { k: 1 } },
      caller: callers.finance,
    },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'parameters',
  },
  {
    name: 'parameter value is an object',
    resource: '/ml/sagemaker',
    options: { body: { ...sentiment, parameters: { nested: { a: 1 } } } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'parameters.nested',
  },
  {
    name: 'inputData over the endpoint’s maxInputBytes',
    resource: '/ml/sagemaker',
    options: { body: { ...sentiment, inputData: 'z'.repeat(17_000) } },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    field: 'inputData',
  },
  {
    name: 'unknown SageMaker endpoint',
    resource: '/ml/sagemaker',
    options: { body: { ...sentiment, modelName: 'no-such-endpoint' } },
    status: 404,
    code: 'MODEL_NOT_FOUND',
    field: 'modelName',
  },
  {
    name: 'streaming endpoint on the buffered route',
    resource: '/ml/sagemaker',
    options: { body: { ...sentiment, modelName: 'local-text-stream' } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'modelName',
  },
  {
    name: 'job id that is not a UUID',
    method: 'GET',
    resource: jobs,
    options: { pathParameters: { jobId: '../../etc' } },
    status: 400,
    code: 'BAD_REQUEST',
    field: 'jobId',
  },
  {
    name: 'job that does not exist',
    method: 'GET',
    resource: jobs,
    options: { pathParameters: { jobId: '6f1c1a52-1111-4c4c-8888-0123456789ab' } },
    status: 404,
    code: 'JOB_NOT_FOUND',
    field: 'jobId',
  },
  {
    name: 'unknown route',
    method: 'DELETE',
    resource: '/ml/models',
    options: {},
    status: 404,
    code: 'ROUTE_NOT_FOUND',
  },
];

describe('bad inputs get a clear 4xx (buffered routes)', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)(
    '$name → $status $code',
    async ({ method = 'POST', resource, options, status, code, field }) => {
      const { status: actual, body } = await call(
        harness.processor,
        apiEvent(method, resource, options),
      );
      expect(actual).toBe(status);
      expect(body.success).toBe(false);
      expect(body.error!.code).toBe(code);
      expect(body.error!.message.length).toBeGreaterThan(5);
      if (field) expect(body.error!.field).toBe(field);
      expect(body.requestId).toEqual(expect.any(String));
    },
  );
});

describe('bad inputs get a clear 4xx (streaming routes, before any byte is streamed)', () => {
  it.each([
    {
      name: 'bad JSON',
      resource: '/ml/bedrock/stream',
      options: { rawBody: 'nope' },
      status: 400,
      field: 'body',
    },
    {
      name: 'unknown model',
      resource: '/ml/bedrock/stream',
      options: { body: { ...echo, modelId: 'x' } },
      status: 404,
      field: 'modelId',
    },
    {
      name: 'model not allowed',
      resource: '/ml/bedrock/stream',
      options: { body: { ...echo, modelId: 'local.summarizer' } },
      status: 403,
      field: 'modelId',
    },
    {
      name: 'oversized prompt',
      resource: '/ml/bedrock/stream',
      options: { body: { ...echo, prompt: 'y'.repeat(20_001) } },
      status: 413,
      field: 'prompt',
    },
    {
      name: 'a sync endpoint on the streaming route',
      resource: '/ml/sagemaker/stream',
      options: { body: sentiment },
      status: 400,
      field: 'modelName',
    },
    {
      name: 'wrong content type',
      resource: '/ml/sagemaker/stream',
      options: { body: sentiment, headers: { 'Content-Type': 'text/csv' } },
      status: 415,
    },
  ])('$name → $status', async ({ resource, options, status, field }) => {
    const answer = await callStream(
      harness.processor,
      apiEvent('POST', resource, options as EventOptions),
    );
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.json).toMatchObject({ success: false, ...(field ? { error: { field } } : {}) });
  });
});
