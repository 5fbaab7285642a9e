import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { ApiError, badRequest } from './api-error.ts';
import { type ApiRoute, createApiRouter } from './api-router.ts';
import { encodeCaller } from './authorizer-context.ts';
import { parseJsonBody } from './json-body.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const EXP = Math.floor(NOW.getTime() / 1000) + 3600;
const alice = { sub: 'sub-alice', username: 'alice', email: '', groups: ['MLUsers'], claims: {} };
const ORIGIN = 'https://app.example.com';

function event(
  method: string,
  resource: string,
  path: string,
  options: { body?: string; authorized?: boolean; origin?: string } = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    resource,
    path,
    headers: { origin: options.origin ?? ORIGIN, 'content-type': 'application/json' },
    multiValueHeaders: {},
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: options.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'gw-1',
      authorizer: options.authorized === false ? undefined : { ...encodeCaller(alice, EXP) },
    },
  } as unknown as APIGatewayProxyEvent;
}

function routerWith(routes: ApiRoute<{ tag: string }>[]) {
  const logger = { error: vi.fn(), warn: vi.fn(), debug: vi.fn() };
  const router = createApiRouter(
    routes,
    { tag: 'deps' },
    {
      logger: logger as unknown as Logger,
      allowedOrigins: [ORIGIN],
      exposedHeaders: ['Retry-After'],
      now: () => NOW,
    },
  );
  const call = async (e: APIGatewayProxyEvent) => {
    const result = await router.resolve(e);
    return {
      status: result.statusCode,
      headers: result.headers ?? {},
      body: JSON.parse(result.body),
    };
  };
  return { call, logger };
}

const echoRoute: ApiRoute<{ tag: string }> = {
  method: 'GET',
  path: '/items/{itemId}',
  handle: async ({ caller, requestId }, { tag }) => ({
    data: { sub: caller.sub, requestId, tag },
    status: 201,
  }),
};

describe('createApiRouter', () => {
  it('runs the route with the caller and the dependencies, and answers the success envelope', async () => {
    const { call } = routerWith([echoRoute]);
    const answer = await call(event('GET', '/items/{itemId}', '/items/abc'));
    expect(answer).toEqual({
      status: 201,
      headers: expect.objectContaining({
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'access-control-allow-origin': ORIGIN,
        'access-control-expose-headers': 'Retry-After',
      }),
      body: {
        success: true,
        data: { sub: 'sub-alice', requestId: 'gw-1', tag: 'deps' },
        requestId: 'gw-1',
      },
    });
  });

  it('echoes no origin it does not allow', async () => {
    const { call } = routerWith([echoRoute]);
    const answer = await call(
      event('GET', '/items/{itemId}', '/items/abc', { origin: 'https://evil.example' }),
    );
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an ApiError as its envelope, with details and Retry-After', async () => {
    const { call, logger } = routerWith([
      {
        method: 'POST',
        path: '/spend',
        handle: async () => {
          throw new ApiError(429, 'BUDGET_EXCEEDED', 'Your daily budget is spent', {
            details: { scope: 'user', period: 'day' },
            retryAfterSeconds: 60,
          });
        },
      },
    ]);
    const answer = await call(event('POST', '/spend', '/spend'));
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('60');
    expect(answer.body).toEqual({
      success: false,
      error: {
        code: 'BUDGET_EXCEEDED',
        message: 'Your daily budget is spent',
        details: { scope: 'user', period: 'day' },
      },
      requestId: 'gw-1',
    });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('answers the shared body reader: 415, then a 400 naming the field', async () => {
    const route: ApiRoute<{ tag: string }> = {
      method: 'PUT',
      path: '/things',
      handle: async ({ event: e }) => ({
        data: parseJsonBody(e, z.object({ name: z.string() }), 1024),
      }),
    };
    const { call } = routerWith([route]);
    const wrongType = event('PUT', '/things', '/things', { body: '{}' });
    wrongType.headers['content-type'] = 'text/plain';
    expect((await call(wrongType)).body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const invalid = await call(event('PUT', '/things', '/things', { body: '{"name":1}' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'name' });
  });

  it('refuses a call without a caller before the route runs', async () => {
    const handle = vi.fn();
    const { call } = routerWith([{ method: 'GET', path: '/x', handle }]);
    const answer = await call(event('GET', '/x', '/x', { authorized: false }));
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHORIZED');
    expect(handle).not.toHaveBeenCalled();
  });

  it('answers a route or method it does not serve with ROUTE_NOT_FOUND', async () => {
    const { call } = routerWith([echoRoute]);
    const unknown = await call(event('GET', '/nothing', '/nothing'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({
      code: 'ROUTE_NOT_FOUND',
      message: 'No route GET /nothing',
    });
    const wrongMethod = await call(event('DELETE', '/items/{itemId}', '/items/abc'));
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('routes by the resource API Gateway matched, whatever the path says', async () => {
    const { call } = routerWith([echoRoute]);
    // A path that spells a served route under a resource this function does not serve.
    const elsewhere = await call(event('GET', '/other/{itemId}', '/items/abc'));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.message).toBe('No route GET /other/{itemId}');
    expect((await call(event('GET', '/items/{itemId}', '/other/abc'))).status).toBe(201);
  });

  it('answers anything else as a 500 and logs its name only, never its message', async () => {
    const { call, logger } = routerWith([
      {
        method: 'GET',
        path: '/boom',
        handle: async () => {
          throw new TypeError('secret prompt text');
        },
      },
    ]);
    const answer = await call(event('GET', '/boom', '/boom'));
    expect(answer.status).toBe(500);
    expect(answer.body.error).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'The request could not be completed',
    });
    expect(logger.error).toHaveBeenCalledWith('request failed', {
      route: 'GET /boom',
      errorName: 'TypeError',
      requestId: 'gw-1',
    });
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('secret');
  });
});

describe('badRequest', () => {
  it('takes the field first, then the message', () => {
    expect(badRequest('modelId', 'unknown model')).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      field: 'modelId',
      message: 'unknown model',
    });
  });
});

describe('createApiRouter with a caller re-check', () => {
  const confirmed: { route: string; groups: readonly string[] }[] = [];
  const router = (refuse: boolean) =>
    createApiRouter(
      [echoRoute],
      { tag: 'deps' },
      {
        logger: { error: vi.fn(), warn: vi.fn(), debug: vi.fn() } as unknown as Logger,
        allowedOrigins: [ORIGIN],
        now: () => NOW,
        recheck: {
          async confirm(caller, route) {
            confirmed.push({ route: `${route.method} ${route.path}`, groups: caller.groups });
            if (refuse) throw new ApiError(403, 'FORBIDDEN', 'You may no longer call this route');
            return { ...caller, sub: 'confirmed-sub' };
          },
        },
      },
    );

  it('confirms the caller for the matched route and hands the route the confirmed caller', async () => {
    const result = await router(false).resolve(event('GET', '/items/{itemId}', '/items/a'));
    expect(JSON.parse(result.body).data.sub).toBe('confirmed-sub');
    expect(confirmed.at(-1)).toEqual({ route: 'GET /items/{itemId}', groups: ['MLUsers'] });
  });

  it('answers the re-check’s refusal in the envelope, without running the route', async () => {
    const result = await router(true).resolve(event('GET', '/items/{itemId}', '/items/a'));
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body)).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
  });
});
