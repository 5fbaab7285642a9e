/**
 * The usage API's router: its routes in a `RouteTable` (./route-table.ts, the ML processor's
 * router too), answered in our envelope (docs/api.md) with our error mapping and our caller
 * check. The function builds one at init, from one `ApiRoute` per file, and hands
 * `resolve(event)` to Lambda.
 *
 * CORS preflights are answered by the gateway; answers here only echo an allowed origin.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

import { ApiError } from './api-error.ts';
import { type Caller, readCaller, refusalMessage } from './authorizer-context.ts';
import type { CallerRecheck } from './caller-recheck.ts';
import { errorResult, responseHeaders, successResult } from './envelope.ts';
import { requestHeader } from './json-body.ts';
import { routeKey, RouteTable } from './route-table.ts';

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
  /**
   * The caller's current access, confirmed on every request before the route runs (the
   * gateway may reuse an older authorizer answer). @default none: the authorizer's answer stands
   */
  readonly recheck?: CallerRecheck;
}

/** The request id API Gateway gave the call (empty when it gave none). */
function requestIdOf(event: APIGatewayProxyEvent): string {
  return event.requestContext?.requestId ?? '';
}

/** A function's routes answering in the envelope. */
export interface ApiRouter {
  resolve(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
}

/**
 * A router answering in our envelope: an `ApiError` as itself, a resource or method this
 * function does not serve as `ROUTE_NOT_FOUND`, anything else as a logged 500
 * `INTERNAL_ERROR` (error name only: no body, no content in the logs).
 */
export function createApiRouter<D>(
  routes: readonly ApiRoute<D>[],
  dependencies: D,
  options: ApiRouterOptions,
): ApiRouter {
  const table = new RouteTable(routes);
  const headersFor = (event: APIGatewayProxyEvent) =>
    responseHeaders(
      requestHeader(event, 'origin'),
      options.allowedOrigins,
      options.exposedHeaders ?? [],
    );

  /**
   * The route's request, or a 401 when the authorizer context is missing or expired (and the
   * re-check's 401/403 when the caller's current access no longer allows the route).
   */
  const requestOf = async (
    event: APIGatewayProxyEvent,
    route: ApiRoute<D>,
  ): Promise<RouteRequest> => {
    const { caller, refusal } = readCaller(
      event.requestContext?.authorizer,
      options.now().getTime(),
    );
    if (!caller) throw new ApiError(401, 'UNAUTHORIZED', refusalMessage(refusal));
    const current = options.recheck ? await options.recheck.confirm(caller, route) : caller;
    return { event, caller: current, requestId: requestIdOf(event) };
  };

  /** Any failure as its envelope; one that is not an `ApiError` is logged by name. */
  const failed = (thrown: unknown, event: APIGatewayProxyEvent): APIGatewayProxyResult => {
    let error = thrown;
    if (!(thrown instanceof ApiError)) {
      options.logger.error('request failed', {
        route: routeKey(event.httpMethod, event.resource),
        errorName: (thrown as Error | undefined)?.name ?? typeof thrown,
        requestId: requestIdOf(event),
      });
      error = new ApiError(500, 'INTERNAL_ERROR', 'The request could not be completed');
    }
    return errorResult(error as ApiError, requestIdOf(event), headersFor(event));
  };

  return {
    async resolve(event) {
      try {
        const route = table.find(event);
        if (!route)
          throw new ApiError(
            404,
            'ROUTE_NOT_FOUND',
            `No route ${routeKey(event.httpMethod, event.resource)}`,
          );
        const request = await requestOf(event, route);
        const { data, status } = await route.handle(request, dependencies);
        return successResult(data, request.requestId, headersFor(event), status);
      } catch (thrown) {
        return failed(thrown, event);
      }
    },
  };
}
