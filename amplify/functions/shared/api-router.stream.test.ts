import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import {
  CollectingStream,
  installAwsLambdaGlobal,
  splitPrelude,
} from '../../../local/lambda/runtime.ts';
import { ApiError } from './api-error.ts';
import type { ApiStreamRoute } from './api-router.ts';
import { encodeCaller } from './authorizer-context.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const alice = { sub: 'sub-alice', username: 'alice', email: '', groups: ['MLUsers'], claims: {} };
const CONTEXT = { awsRequestId: 'lambda-1' } as Context;

interface Deps {
  readonly upstream: () => AsyncGenerator<unknown>;
}
type StreamHandler = (event: unknown, stream: CollectingStream, context: Context) => Promise<void>;

let streamingHandler: (routes: ApiStreamRoute<Deps>[], deps: Deps) => StreamHandler;
beforeAll(async () => {
  // The router takes the runtime's `awslambda` members when it loads, as in Lambda.
  installAwsLambdaGlobal();
  const { createApiRouter } = await import('./api-router.ts');
  const { streamify } = await import('@aws-lambda-powertools/event-handler/http');
  streamingHandler = (routes, deps) =>
    streamify(
      createApiRouter(routes, deps, {
        logger: { error: vi.fn(), warn: vi.fn(), debug: vi.fn() } as unknown as Logger,
        allowedOrigins: [],
        now: () => NOW,
      }),
    ) as unknown as StreamHandler;
});

const event = {
  httpMethod: 'POST',
  resource: '/chat/stream',
  path: '/chat/stream',
  headers: {},
  multiValueHeaders: {},
  pathParameters: null,
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  stageVariables: null,
  body: null,
  isBase64Encoded: false,
  requestContext: {
    requestId: 'gw-2',
    authorizer: { ...encodeCaller(alice, Math.floor(NOW.getTime() / 1000) + 3600) },
  },
} as unknown as APIGatewayProxyEvent;

const chat: ApiStreamRoute<Deps> = {
  method: 'POST',
  path: '/chat/stream',
  open: async (_request, { upstream }) => upstream(),
};

async function stream(upstream: () => AsyncGenerator<unknown>) {
  const sink = new CollectingStream();
  await streamingHandler([chat], { upstream })(event, sink, CONTEXT);
  const { prelude, body } = splitPrelude(sink.received);
  return {
    prelude,
    lines: body
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
}

describe('streaming routes through the router', () => {
  it('streams NDJSON with 200 once the first event has arrived', async () => {
    const answer = await stream(async function* () {
      yield { type: 'delta', text: 'a' };
      yield { type: 'done' };
    });
    expect(answer.prelude).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/x-ndjson', 'x-request-id': 'gw-2' },
    });
    expect(answer.lines).toEqual([{ type: 'delta', text: 'a' }, { type: 'done' }]);
  });

  it('answers an error before the first event with its own status and the error envelope', async () => {
    // eslint-disable-next-line require-yield -- refused before the first event
    const answer = await stream(async function* () {
      throw new ApiError(429, 'THROTTLED', 'The model is busy; retry later', {
        retryAfterSeconds: 2,
      });
    });
    expect(answer.prelude).toMatchObject({ statusCode: 429, headers: { 'retry-after': '2' } });
    expect(answer.lines).toEqual([
      {
        success: false,
        error: { code: 'THROTTLED', message: 'The model is busy; retry later' },
        requestId: 'gw-2',
      },
    ]);
  });

  it('ends a stream that fails after its first event with an error line', async () => {
    const answer = await stream(async function* () {
      yield { type: 'delta', text: 'a' };
      throw new ApiError(504, 'UPSTREAM_TIMEOUT', 'The model did not answer in time');
    });
    expect(answer.prelude.statusCode).toBe(200);
    expect(answer.lines).toEqual([
      { type: 'delta', text: 'a' },
      {
        type: 'error',
        error: { code: 'UPSTREAM_TIMEOUT', message: 'The model did not answer in time' },
      },
    ]);
  });

  it('returns the upstream iterator when the client goes away', async () => {
    let finished = false;
    const sink = new CollectingStream();
    const handler = streamingHandler([chat], {
      upstream: async function* () {
        try {
          yield { type: 'delta', text: 'first' };
          // The client leaves while the model is still producing.
          sink.destroy();
          for (let i = 0; ; i++) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            yield { type: 'delta', text: String(i) };
          }
        } finally {
          finished = true;
        }
      },
    });
    await handler(event, sink, CONTEXT).catch(() => undefined);
    await vi.waitFor(() => expect(finished).toBe(true));
  });
});
