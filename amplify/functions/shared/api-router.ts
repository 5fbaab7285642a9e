/**
 * The one router of the REST API's functions: Powertools' event-handler HTTP `Router`, given our
 * envelope (docs/api.md), our error mapping and our caller check. A function builds one at init,
 * registers one `ApiRoute` per file and hands `resolve(event, context)` to Lambda.
 *
 * CORS preflights are answered by the gateway; answers here only echo an allowed origin.
 */
import { Router } from '@aws-lambda-powertools/event-handler/http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

import { ApiError } from './api-error.ts';
import { type Caller, readCaller, refusalMessage } from './authorizer-context.ts';
import type { CallerRecheck } from './caller-recheck.ts';
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

/**
 * A streaming route (REST response streaming, NDJSON). `open` validates the request and opens
 * the upstream stream; the router then awaits the first event, so anything thrown until then
 * (an `ApiError`: 400, 403, 429...) is answered with its own status before any byte is sent.
 * After that the status is 200 and each event is one JSON line; a failure mid-stream ends it
 * with an `{ type: 'error', error }` line. The client going away returns the iterator, which
 * is where the route aborts its upstream call.
 */
export interface ApiStreamRoute<D> {
  readonly method: RouteMethod;
  readonly path: string;
  open(request: RouteRequest, dependencies: D): Promise<AsyncIterator<unknown>>;
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

/** `{conversationId}` (API Gateway's template) as the router's `:conversationId`. */
export function routerPath(template: string): `/${string}` {
  return template.replace(/\{(\w+)\}/g, ':$1') as `/${string}`;
}

/** The request id API Gateway gave the call (empty when it gave none). */
function requestIdOf(event: APIGatewayProxyEvent): string {
  return event.requestContext?.requestId ?? '';
}

/**
 * A router answering in our envelope: an `ApiError` as itself, an unknown route as
 * `ROUTE_NOT_FOUND`, anything else as a logged 500 `INTERNAL_ERROR` (error name only: no body,
 * no content in the logs).
 */
export function createApiRouter<D>(
  routes: readonly (ApiRoute<D> | ApiStreamRoute<D>)[],
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
  router.errorHandler(ApiError, async (error, { event }) =>
    answer(error, event as APIGatewayProxyEvent),
  );
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

  /**
   * The route's request, or a 401 when the authorizer context is missing or expired (and the
   * re-check's 401/403 when the caller's current access no longer allows the route).
   */
  const requestOf = async (
    event: APIGatewayProxyEvent,
    route: { method: RouteMethod; path: string },
  ): Promise<RouteRequest> => {
    const { caller, refusal } = readCaller(
      event.requestContext?.authorizer,
      options.now().getTime(),
    );
    if (!caller) throw new ApiError(401, 'UNAUTHORIZED', refusalMessage(refusal));
    const current = options.recheck ? await options.recheck.confirm(caller, route) : caller;
    return { event, caller: current, requestId: requestIdOf(event) };
  };

  for (const route of routes) {
    router.route(
      async ({ event }) => {
        const request = await requestOf(event as APIGatewayProxyEvent, route);
        const headers = headersFor(request.event);
        if ('handle' in route) {
          const { data, status } = await route.handle(request, dependencies);
          return successResult(data, request.requestId, headers, status);
        }
        const events = await route.open(request, dependencies);
        // The first event decides the status: errors before it get their own.
        const first = await events.next();
        return new Response(ndjsonBody(first, events, options.logger, request.requestId), {
          status: 200,
          headers: {
            ...headers,
            'content-type': 'application/x-ndjson',
            'x-request-id': request.requestId,
          },
        });
      },
      { method: route.method, path: routerPath(route.path) },
    );
  }
  return router;
}

const encoder = new TextEncoder();
const line = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);

/** The NDJSON body of a stream whose first event is already read; pulled as the client reads. */
function ndjsonBody(
  first: IteratorResult<unknown>,
  events: AsyncIterator<unknown>,
  logger: Logger,
  requestId: string,
): ReadableStream<Uint8Array> {
  let pending: IteratorResult<unknown> | undefined = first;
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = pending ?? (await events.next());
        pending = undefined;
        if (next.done) controller.close();
        else controller.enqueue(line(next.value));
      } catch (error) {
        const failure =
          error instanceof ApiError
            ? error
            : new ApiError(500, 'INTERNAL_ERROR', 'The stream could not be completed');
        if (!(error instanceof ApiError))
          logger.error('stream failed', { errorName: (error as Error).name, requestId });
        controller.enqueue(
          line({ type: 'error', error: { code: failure.code, message: failure.message } }),
        );
        controller.close();
      }
    },
    // The client went away: the route's iterator aborts its upstream call.
    async cancel() {
      await events.return?.();
    },
  });
}
