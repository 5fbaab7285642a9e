/**
 * The one router of the REST API's functions: Powertools' event-handler HTTP `Router`, given our
 * envelope (docs/api.md), our error mapping and our caller check. A function builds one at init,
 * registers one `ApiRoute` per file and hands `resolve(event, context)` to Lambda.
 *
 * CORS preflights are answered by the gateway; answers here only echo an allowed origin.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { Router } from '@aws-lambda-powertools/event-handler/http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ApiError } from './api-error.ts';
import { readCaller, refusalMessage, type Caller } from './authorizer-context.ts';
import { errorResult, responseHeaders, successResult } from './envelope.ts';
import { requestHeader } from './json-body.ts';

/** Methods of the route table (amplify/api/routes.ts). */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route is given: the proxy event, its verified caller and its request id. */
export interface RouteRequest {
  readonly event: APIGatewayProxyEvent;
  readonly caller: Caller;
  readonly requestId: string;
}

/** A buffered route's success: the envelope's `data`, and its status when not 200. */
export interface RouteAnswer {
  readonly data: unknown;
  readonly status?: number;
}

/**
 * One route of one function, in the route table's spelling (`{param}` templates). `D` is what
 * the function built at init (configuration, stores, clients).
 */
export interface ApiRoute<D> {
  readonly method: RouteMethod;
  readonly path: string;
  handle(request: RouteRequest, dependencies: D): Promise<RouteAnswer>;
}

/** What the router needs from the function's init. */
export interface ApiRouterOptions {
  readonly logger: Logger;
  readonly allowedOrigins: readonly string[];
  /** Response headers the browser may read (e.g. `Retry-After`). */
  readonly exposedHeaders?: readonly string[];
  readonly now: () => Date;
}

/** `{conversationId}` (API Gateway's template) as the router's `:conversationId`. */
export function routerPath(template: string): `/${string}` {
  return template.replace(/\{(\w+)\}/g, ':$1') as `/${string}`;
}

/** The request id API Gateway gave the call (empty when it gave none). */
export function requestIdOf(event: APIGatewayProxyEvent): string {
  return event.requestContext?.requestId ?? '';
}

/**
 * A router answering in our envelope: an `ApiError` as itself, an unknown route as
 * `ROUTE_NOT_FOUND`, anything else as a logged 500 `INTERNAL_ERROR` (error name only: no body,
 * no content in the logs).
 */
export function createApiRouter<D>(
  routes: readonly ApiRoute<D>[],
  dependencies: D,
  options: ApiRouterOptions,
): Router {
  const router = new Router({ logger: options.logger });
  const headersFor = (event: APIGatewayProxyEvent) =>
    responseHeaders(
      requestHeader(event, 'origin'),
      options.allowedOrigins,
      options.exposedHeaders ?? [],
    );
  const answer = (error: ApiError, event: APIGatewayProxyEvent): APIGatewayProxyResult =>
    errorResult(error, requestIdOf(event), headersFor(event));

  // Registered before `Error`: the registry tries `instanceof` in registration order.
  router.errorHandler(ApiError, async (error, { event }) => answer(error, event as APIGatewayProxyEvent));
  const noRoute = async (_error: Error, { event }: { event: unknown }) => {
    const { httpMethod, resource } = event as APIGatewayProxyEvent;
    return answer(
      new ApiError(404, 'ROUTE_NOT_FOUND', `No route ${httpMethod} ${resource}`),
      event as APIGatewayProxyEvent,
    );
  };
  router.notFound(noRoute);
  router.methodNotAllowed(noRoute);
  router.errorHandler(Error, async (error, { event }) => {
    const proxyEvent = event as APIGatewayProxyEvent;
    options.logger.error('request failed', {
      route: `${proxyEvent.httpMethod} ${proxyEvent.resource}`,
      errorName: error.name,
      requestId: requestIdOf(proxyEvent),
    });
    return answer(
      new ApiError(500, 'INTERNAL_ERROR', 'The request could not be completed'),
      proxyEvent,
    );
  });

  for (const route of routes) {
    router.route(
      async ({ event }) => {
        const proxyEvent = event as APIGatewayProxyEvent;
        const requestId = requestIdOf(proxyEvent);
        const { caller, refusal } = readCaller(
          proxyEvent.requestContext?.authorizer,
          options.now().getTime(),
        );
        if (!caller) throw new ApiError(401, 'UNAUTHORIZED', refusalMessage(refusal));
        const { data, status } = await route.handle(
          { event: proxyEvent, caller, requestId },
          dependencies,
        );
        return successResult(data, requestId, headersFor(proxyEvent), status);
      },
      { method: route.method, path: routerPath(route.path) },
    );
  }
  return router;
}
