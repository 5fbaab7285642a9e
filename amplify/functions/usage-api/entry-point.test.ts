import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { encodeCaller } from '../shared/authorizer-context.ts';

const alice = { sub: 'sub-alice', username: 'alice', email: '', groups: ['MLUsers'], claims: {} };
const CONTEXT = {
  functionName: 'usage-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:usage-api',
  memoryLimitInMB: '512',
  awsRequestId: 'lambda-request-7',
} as Context;

let dynamo: LocalDynamo;
let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
  for (const [name, value] of Object.entries(dynamo.env)) vi.stubEnv(name, value);
  // A table that does not exist: the request fails inside the store, as an outage would.
  vi.stubEnv('CONVERSATIONS_TABLE_NAME', 'no-such-table');
  // With POWERTOOLS_DEV the logger writes through the global console, where a spy sees it.
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
  ({ handler } = await import('./handler.ts'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await dynamo?.stop();
});

function event(method: string, resource: string): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    resource,
    path: resource,
    headers: {},
    multiValueHeaders: {},
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'gateway-request-7',
      authorizer: { ...encodeCaller(alice, Math.floor(Date.now() / 1000) + 3600) },
    },
  } as unknown as APIGatewayProxyEvent;
}

describe('usage API entry point: handler(event, context), built once at init', () => {
  it('answers a route with the dependencies built from the environment', async () => {
    const result = await handler(event('GET', '/usage/me'), CONTEXT);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      success: true,
      requestId: 'gateway-request-7',
    });
  });

  it('answers a route it does not serve with the documented ROUTE_NOT_FOUND', async () => {
    const result = await handler(event('GET', '/usage/everyone'), CONTEXT);
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('logs a failure with the Lambda context and the error name only', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    try {
      const result = await handler(event('GET', '/history/conversations'), CONTEXT);
      expect(result.statusCode).toBe(500);
      expect(JSON.parse(result.body).error.code).toBe('INTERNAL_ERROR');
    } finally {
      spy.mockRestore();
    }
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        message: 'request failed',
        function_request_id: 'lambda-request-7',
        function_name: 'usage-api',
        route: 'GET /history/conversations',
        errorName: 'ResourceNotFoundException',
        requestId: 'gateway-request-7',
      }),
    );
  });
});
