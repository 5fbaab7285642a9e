import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CollectingStream,
  installAwsLambdaGlobal,
  splitPrelude,
} from '../../../local/lambda/runtime.ts';
import { startLocalModels, type LocalModels } from '../../../local/models/index.ts';
import { apiEvent } from '../../../tests/support/processor-harness.ts';

let models: LocalModels;
let buffered: (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<{ statusCode: number; body: string }>;
let streaming: (
  event: APIGatewayProxyEvent,
  stream: CollectingStream,
  context: Context,
) => Promise<void>;

beforeAll(async () => {
  // The entry modules read their environment once, at import, as in Lambda.
  models = await startLocalModels();
  Object.assign(process.env, models.env, { UPSTREAM_MAX_ATTEMPTS: '1' });
  installAwsLambdaGlobal();
  buffered = (await import('./handler.ts')).handler;
  streaming = (await import('./stream-handler.ts')).handler as never;
});
afterAll(() => models.close());

describe('Lambda entry points configured from the environment', () => {
  it('handler.ts serves a buffered route', async () => {
    const result = await buffered(
      apiEvent('POST', '/ml/bedrock', { body: { modelId: 'local.echo', prompt: 'entry point' } }),
      {} as Context,
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).data.output.content).toBe('entry point');
  });

  it('stream-handler.ts streams NDJSON after the HTTP integration prelude', async () => {
    const sink = new CollectingStream();
    await streaming(
      apiEvent('POST', '/ml/bedrock/stream', { body: { modelId: 'local.echo', prompt: 'a b' } }),
      sink,
      {} as Context,
    );
    const { prelude, body } = splitPrelude(sink.received);
    expect(prelude.statusCode).toBe(200);
    expect(
      body
        .toString()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
    ).toEqual(['delta', 'delta', 'done']);
  });
});
