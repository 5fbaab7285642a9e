import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CollectingStream,
  installAwsLambdaGlobal,
  splitPrelude,
} from '../../../local/lambda/runtime.ts';
import { type LocalModels, startLocalModels } from '../../../local/models/index.ts';
import { apiEvent } from '../../../tests/support/processor-harness.ts';

type Buffered = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<{ statusCode: number; body: string }>;
type Streaming = (
  event: APIGatewayProxyEvent,
  stream: CollectingStream,
  context: Context,
) => Promise<void>;

let models: LocalModels;
const entries = {} as {
  bedrock: Buffered;
  bedrockStream: Streaming;
  sagemaker: Buffered;
  sagemakerStream: Streaming;
};

beforeAll(async () => {
  // The entry modules read their environment once, at import, as in Lambda.
  models = await startLocalModels();
  Object.assign(process.env, models.env, { UPSTREAM_MAX_ATTEMPTS: '1' });
  installAwsLambdaGlobal();
  entries.bedrock = (await import('./bedrock-handler.ts')).handler;
  entries.bedrockStream = (await import('./bedrock-stream-handler.ts')).handler as never;
  entries.sagemaker = (await import('./sagemaker-handler.ts')).handler;
  entries.sagemakerStream = (await import('./sagemaker-stream-handler.ts')).handler as never;
});
afterAll(() => models.close());

async function streamed(handler: Streaming, event: APIGatewayProxyEvent) {
  const sink = new CollectingStream();
  await handler(event, sink, {} as Context);
  const { prelude, body } = splitPrelude(sink.received);
  return { status: prelude.statusCode, body: body.toString() };
}

const bedrockCall = apiEvent('POST', '/ml/bedrock', {
  body: { modelId: 'local.echo', prompt: 'entry point' },
});
const sagemakerCall = apiEvent('POST', '/ml/sagemaker', {
  body: { modelName: 'local-sentiment', inputData: 'great service, thanks' },
});

describe('Lambda entry points configured from the environment, one pair per provider', () => {
  it('bedrock-handler.ts serves Converse and the model list', async () => {
    const result = await entries.bedrock(bedrockCall, {} as Context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).data.output.content).toBe('entry point');
    const models = await entries.bedrock(apiEvent('GET', '/ml/models'), {} as Context);
    expect(models.statusCode).toBe(200);
  });

  it('bedrock-stream-handler.ts streams NDJSON after the HTTP integration prelude', async () => {
    const { status, body } = await streamed(
      entries.bedrockStream,
      apiEvent('POST', '/ml/bedrock/stream', { body: { modelId: 'local.echo', prompt: 'a b' } }),
    );
    expect(status).toBe(200);
    expect(
      body
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
    ).toEqual(['delta', 'delta', 'done']);
  });

  it('sagemaker-handler.ts serves InvokeEndpoint', async () => {
    const result = await entries.sagemaker(sagemakerCall, {} as Context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).success).toBe(true);
  });

  it('sagemaker-stream-handler.ts streams a streaming endpoint', async () => {
    const { status, body } = await streamed(
      entries.sagemakerStream,
      apiEvent('POST', '/ml/sagemaker/stream', {
        body: { modelName: 'local-text-stream', inputData: 'one two' },
      }),
    );
    expect(status).toBe(200);
    expect(body.trim().split('\n').at(-1)).toContain('"done"');
  });

  it("each function answers 404 for the other provider's routes (it does not carry them)", async () => {
    const notFound = (result: { statusCode: number; body: string }) => [
      result.statusCode,
      JSON.parse(result.body).error.code,
    ];
    expect(notFound(await entries.bedrock(sagemakerCall, {} as Context))).toEqual([
      404,
      'ROUTE_NOT_FOUND',
    ]);
    expect(notFound(await entries.sagemaker(bedrockCall, {} as Context))).toEqual([
      404,
      'ROUTE_NOT_FOUND',
    ]);
    const streamedElsewhere = await streamed(
      entries.sagemakerStream,
      apiEvent('POST', '/ml/bedrock/stream', { body: { modelId: 'local.echo', prompt: 'a' } }),
    );
    expect(streamedElsewhere.status).toBe(404);
  });
});
