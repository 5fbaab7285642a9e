/**
 * Routes the REST API serves without the token authorizer, as amplify/directory/scim-route.ts
 * deploys `/scim/v2/{proxy+}`: the function checks its own credential. The emulator runs them
 * after the web ACL's body rules, with their own per-method throttle, as Lambda proxy
 * integrations.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { BUFFERED_INTEGRATION_TIMEOUT_MS } from '../../amplify/contract/gateway.ts';
import type { RouteDefinition } from '../../amplify/contract/routes.ts';
import type { GatewayErrorType } from './gateway-errors.ts';
import {
  type BufferedHandler,
  IntegrationTimeoutError,
  lambdaContext,
  withTimeout,
} from './lambda-invocation.ts';
import { type ApiIdentity, buildProxyEvent } from './proxy-event.ts';
import { TokenBucket } from './throttle.ts';

/** One `{proxy+}` route outside the authorizer. */
export interface OpenRoute {
  /** The resource path above `{proxy+}`, e.g. `/scim/v2`. */
  readonly basePath: string;
  readonly methods: readonly RouteDefinition['method'][];
  readonly functionName: string;
  readonly handler: BufferedHandler;
  /** Per-method stage throttle (rate per second, burst). */
  readonly throttle: { readonly rate: number; readonly burst: number };
}

/** What serving one request needs from the gateway. */
export interface OpenRouteRequest {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** The path without the stage prefix. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly requestId: string;
  readonly api: ApiIdentity;
  readonly fail: (type: GatewayErrorType) => void;
}

/** The open routes with their throttles; `serve` answers a request that one of them matches. */
export class OpenRoutes {
  readonly #routes: readonly OpenRoute[];
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(routes: readonly OpenRoute[] = []) {
    this.#routes = routes;
  }

  /** The route and proxy path serving `method path`, if any. */
  match(method: string, path: string): { route: OpenRoute; proxy: string } | undefined {
    for (const route of this.#routes) {
      const prefix = `${route.basePath}/`;
      if (!path.startsWith(prefix) || path.length === prefix.length) continue;
      if (!(route.methods as readonly string[]).includes(method)) return undefined;
      return { route, proxy: path.slice(prefix.length) };
    }
    return undefined;
  }

  /** Serves a matched request: throttle, proxy event, the function, its answer. */
  async serve(
    { route, proxy }: { route: OpenRoute; proxy: string },
    input: OpenRouteRequest,
  ): Promise<void> {
    const method = input.request.method as RouteDefinition['method'];
    const key = `${route.basePath} ${method}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(route.throttle.rate, route.throttle.burst);
      this.#buckets.set(key, bucket);
    }
    if (!bucket.take()) return input.fail('THROTTLED');
    const event = buildProxyEvent({
      request: input.request,
      match: {
        route: {
          method,
          path: `${route.basePath}/{proxy+}`,
          groups: [],
          target: 'usage',
          description: route.functionName,
        },
        pathParameters: { proxy: decodeURIComponent(proxy) },
      },
      path: input.path,
      query: input.query,
      body: input.body,
      requestId: input.requestId,
      authorizer: {},
      api: input.api,
    });
    // API Gateway adds the scheme the client used; the emulator serves plain http.
    event.headers['X-Forwarded-Proto'] = 'http';
    let result;
    try {
      result = await withTimeout(
        route.handler(
          event,
          lambdaContext(route.functionName, input.requestId, BUFFERED_INTEGRATION_TIMEOUT_MS),
        ),
        BUFFERED_INTEGRATION_TIMEOUT_MS,
        'the integration',
      );
    } catch (error) {
      if (error instanceof IntegrationTimeoutError) return input.fail('INTEGRATION_TIMEOUT');
      console.error(
        `api emulator: ${route.functionName} threw:`,
        error instanceof Error ? error.message : error,
      );
      return input.fail('INTEGRATION_FAILURE');
    }
    const headers: Record<string, string> = { 'x-amzn-requestid': input.requestId };
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
    input.response.writeHead(result.statusCode, headers).end(result.body ?? '');
  }
}
