import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';

import {
  apiEvent,
  call,
  callStream,
  useHarness,
} from '../../../tests/support/processor-harness.ts';
import { loadConfig } from './config.ts';
import { createProcessor } from './processor.ts';
import { listModels } from './routes/list-models.ts';
import { streamBedrock } from './routes/stream-bedrock.ts';

const harness = useHarness();
const echo = { modelId: 'local.echo', prompt: 'hello' };

describe('the processor router', () => {
  it('dispatches on the resource API Gateway matched, whatever the raw path', async () => {
    const event = apiEvent('GET', '/ml/models');
    // A custom domain's base-path mapping puts its prefix in `path`, never in `resource`.
    event.path = '/v1/ml/models';
    const { status, body } = await call(harness.processor, event);
    expect(status).toBe(200);
    expect(body.data).toHaveProperty('models');
  });

  it('answers an event without the proxy fields the gateway sends as null', async () => {
    const event = apiEvent('GET', '/ml/models') as Partial<APIGatewayProxyEvent>;
    delete event.stageVariables;
    delete event.multiValueQueryStringParameters;
    const { status } = await call(harness.processor, event as APIGatewayProxyEvent);
    expect(status).toBe(200);
  });

  it('answers a GET that carries a body (the gateway passes it on) instead of failing', async () => {
    const event = apiEvent('GET', '/ml/models', { body: { unexpected: true } });
    const { status } = await call(harness.processor, event);
    expect(status).toBe(200);
  });

  it('serves only the routes its entry point lists', async () => {
    const config = loadConfig({ ...harness.models.env, ALLOWED_ORIGINS: 'http://localhost:4200' });
    const processor = createProcessor({
      config,
      routes: [listModels, streamBedrock],
      // The listed routes call no SDK client.
      clients: {} as never,
    });
    expect((await call(processor, apiEvent('GET', '/ml/models'))).status).toBe(200);
    const unlisted = await call(processor, apiEvent('POST', '/ml/bedrock', { body: echo }));
    expect(unlisted.status).toBe(404);
    expect(unlisted.body.error?.code).toBe('ROUTE_NOT_FOUND');
    const streamed = await callStream(processor, apiEvent('GET', '/ml/models'));
    expect(streamed.status).toBe(404);
  });

  it('answers a buffered route asked of the streaming entry point with ROUTE_NOT_FOUND', async () => {
    const answer = await callStream(
      harness.processor,
      apiEvent('POST', '/ml/bedrock', { body: echo }),
    );
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ success: false, error: { code: 'ROUTE_NOT_FOUND' } });
  });
});
