import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';

import {
  AUTHORIZATION_HEADER_PATTERN,
  AUTHORIZER_TIMEOUT_SECONDS,
  BUFFERED_INTEGRATION_TIMEOUT_MS,
  CORS_ALLOWED_HEADERS,
  CORS_MAX_AGE_SECONDS,
  primaryOrigin,
  STREAMING_INTEGRATION_TIMEOUT_MS,
  STREAMING_ROUTE_RATE_SHARE,
} from '../../amplify/contract/gateway.ts';
import type { RouteDefinition } from '../../amplify/contract/routes.ts';
import type { EnvironmentSettings } from '../../amplify/settings/index.ts';
import { LOCAL_HOST, PORT_SETTINGS } from '../config.ts';
import { BodyTooLargeError, discardBody, readBody } from '../http-body.ts';
import { closeServer, listen } from '../listen.ts';
import { AuthorizerCache } from './authorizer-cache.ts';
import { type CorsConfig, preflightHeaders } from './cors.ts';
import { type GatewayErrorType, sendGatewayError } from './gateway-errors.ts';
import {
  type BufferedHandler,
  IntegrationTimeoutError,
  invokeStreaming,
  lambdaContext,
  type StreamingHandler,
  withTimeout,
} from './lambda-invocation.ts';
import { type OpenRoute, OpenRoutes } from './open-routes.ts';
import { InvalidPolicyError, isAllowed, methodArn } from './policy-evaluation.ts';
import { type ApiIdentity, buildProxyEvent } from './proxy-event.ts';
import { RouteMatcher } from './route-matcher.ts';
import { TokenBucket } from './throttle.ts';
import { sendWafBlock, wafBodyVerdict, type WebAclEmulation } from './waf.ts';

/** The authorizer function's timeout, as the emulator enforces it. */
const AUTHORIZER_TIMEOUT_MS = AUTHORIZER_TIMEOUT_SECONDS * 1000;
/** API Gateway's own request payload limit (10 MB); the web ACL's smaller limit applies first. */
const API_GATEWAY_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/**
 * How much of a refused body the emulator still reads before answering, so that closing the
 * connection afterwards resets nothing and the client reads the answer (a larger one is cut).
 */
const REFUSED_BODY_DRAIN_BYTES = API_GATEWAY_MAX_PAYLOAD_BYTES;

/** The authorizer handler: TOKEN events on most routes, REQUEST events on `apiKeyHeader` routes. */
export type AuthorizerHandler = (
  event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent,
  context: Context,
) => Promise<APIGatewayAuthorizerResult>;

/** The functions behind one route target, as in the REST API construct. */
export interface LocalRouteTarget {
  readonly buffered: BufferedHandler;
  readonly streaming?: StreamingHandler;
}

/** Options for {@link startApiEmulator}. */
export interface ApiEmulatorOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** The environment's settings (origins, throttling, body limit, authorizer cache TTL). */
  readonly settings: EnvironmentSettings;
  readonly routes: readonly RouteDefinition[];
  readonly authorizer: AuthorizerHandler;
  readonly targets: Readonly<Partial<Record<RouteDefinition['target'], LocalRouteTarget>>>;
  readonly api: ApiIdentity;
  /** The web ACL's own rules to apply; by default all of them, as deployed. */
  readonly webAcl?: WebAclEmulation;
  /** Routes outside the token authorizer (`/scim/v2/{proxy+}`); none by default. */
  readonly openRoutes?: readonly OpenRoute[];
}

/** Counters a test can read to see the gateway's decisions. */
export interface ApiEmulatorStats {
  /** How many times the authorizer function ran (cache misses). */
  authorizerInvocations: number;
}

/** A running API emulator. */
export interface ApiEmulator {
  /** The stage URL, ending in `/`: `http://127.0.0.1:<port>/<stage>/`. */
  readonly url: string;
  readonly stats: Readonly<ApiEmulatorStats>;
  stop(): Promise<void>;
}

/** The authorizer's decision as the gateway caches it. */
interface CachedDecision {
  readonly result: APIGatewayAuthorizerResult;
}

/** An authorizer run: its decision, or the gateway error it ends in. */
type Decision = CachedDecision | 'UNAUTHORIZED' | 'AUTHORIZER_FAILURE';

const AUTHORIZATION = new RegExp(AUTHORIZATION_HEADER_PATTERN);

/**
 * Serves the route table with the REST API's behaviour: stage prefix, body limit, stage and
 * per-method throttling, CORS preflight, the TOKEN authorizer with its result cache and policy
 * evaluation, Lambda proxy integration (buffered or streaming) and gateway error responses.
 */
export async function startApiEmulator(options: ApiEmulatorOptions): Promise<ApiEmulator> {
  const gateway = new Gateway(options);
  const server = createServer((request, response) => {
    gateway.handle(request, response).catch((error: unknown) => {
      console.error('api emulator: unhandled', error instanceof Error ? error.message : error);
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  const port = await listen(server, options.port, LOCAL_HOST, PORT_SETTINGS.api);
  return {
    url: `http://${LOCAL_HOST}:${port}/${options.api.stage}/`,
    stats: gateway.stats,
    stop: () => closeServer(server),
  };
}

class Gateway {
  readonly stats: ApiEmulatorStats = { authorizerInvocations: 0 };
  readonly #options: ApiEmulatorOptions;
  readonly #matcher: RouteMatcher;
  readonly #cors: CorsConfig;
  /** The origin static CORS headers name (gateway and web ACL answers), as deployed. */
  readonly #primaryOrigin: string;
  readonly #cache: AuthorizerCache<CachedDecision>;
  readonly #stageBucket: TokenBucket;
  readonly #methodBuckets = new Map<RouteDefinition, TokenBucket>();
  readonly #openRoutes: OpenRoutes;

  constructor(options: ApiEmulatorOptions) {
    this.#options = options;
    this.#openRoutes = new OpenRoutes(options.openRoutes);
    const { settings, routes } = options;
    this.#matcher = new RouteMatcher(routes);
    this.#cors = {
      allowOrigins: settings.allowedOrigins,
      allowMethods: [...new Set(routes.map((route) => route.method)), 'OPTIONS'],
      allowHeaders: CORS_ALLOWED_HEADERS,
      maxAgeSeconds: CORS_MAX_AGE_SECONDS,
    };
    this.#primaryOrigin = primaryOrigin(settings.allowedOrigins);
    this.#cache = new AuthorizerCache(settings.authorizerCacheTtlSeconds);
    const { throttleRateLimit: rate, throttleBurstLimit: burst } = settings.api;
    this.#stageBucket = new TokenBucket(rate, burst);
    for (const route of routes.filter((candidate) => candidate.streaming)) {
      this.#methodBuckets.set(
        route,
        new TokenBucket(
          Math.max(1, Math.floor(rate * STREAMING_ROUTE_RATE_SHARE)),
          Math.max(1, Math.floor(burst * STREAMING_ROUTE_RATE_SHARE)),
        ),
      );
    }
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const fail = (type: GatewayErrorType) =>
      sendGatewayError(response, type, {
        requestId,
        primaryOrigin: this.#primaryOrigin,
      });
    const url = new URL(request.url ?? '/', 'http://api.invalid');
    const stagePrefix = `/${this.#options.api.stage}`;
    const method = request.method ?? 'GET';

    // The web ACL's body rules (on Content-Length) run before API Gateway sees the request.
    const block = wafBodyVerdict(
      request,
      this.#options.settings.api.maxBodyBytes,
      this.#options.webAcl,
    );
    if (block) {
      await refuseBody(request, response);
      return sendWafBlock(response, block, this.#primaryOrigin);
    }
    // API Gateway refuses a body only beyond its own limit.
    let body: Buffer;
    try {
      body = await readBody(request, API_GATEWAY_MAX_PAYLOAD_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      await refuseBody(request, response);
      return fail('REQUEST_TOO_LARGE');
    }

    // A path that is not valid percent-encoding cannot be matched to a resource: a client error (400).
    if (!isPercentDecodable(url.pathname)) return fail('DEFAULT_4XX');

    const path = url.pathname.startsWith(`${stagePrefix}/`)
      ? url.pathname.slice(stagePrefix.length)
      : url.pathname === stagePrefix
        ? '/'
        : undefined;
    if (path === undefined) return fail('MISSING_AUTHENTICATION_TOKEN');

    // A route outside the token authorizer (SCIM): its function checks its own credential.
    const open = method === 'OPTIONS' ? undefined : this.#openRoutes.match(method, path);
    if (open) {
      const { api } = this.#options;
      return this.#openRoutes.serve(open, {
        request,
        response,
        path,
        query: url.searchParams,
        body,
        requestId,
        api,
        fail,
      });
    }

    if (method === 'OPTIONS') {
      if (!this.#matcher.isResource(path)) return fail('MISSING_AUTHENTICATION_TOKEN');
      if (!this.#stageBucket.take()) return fail('THROTTLED');
      response.writeHead(204, preflightHeaders(this.#cors, request.headers)).end();
      return;
    }

    const match = this.#matcher.match(method, path);
    if (!match) return fail('MISSING_AUTHENTICATION_TOKEN');
    const bucket = this.#methodBuckets.get(match.route) ?? this.#stageBucket;
    if (!bucket.take()) return fail('THROTTLED');

    const arn = methodArn({ ...this.#options.api, method: match.route.method, path });
    let decision: Decision;
    if (match.route.apiKeyHeader) {
      // The REQUEST authorizer (rest-api.ts): no validation regex, no cache, and with no cache
      // its identity sources (Authorization, x-api-key) are optional, so it always runs.
      decision = await this.#invoke(requestAuthorizerEvent(request, method, path, arn));
    } else {
      const token = request.headers.authorization;
      if (typeof token !== 'string' || !AUTHORIZATION.test(token)) return fail('UNAUTHORIZED');
      decision = await this.#authorize(token, arn);
    }
    if (decision === 'UNAUTHORIZED' || decision === 'AUTHORIZER_FAILURE') return fail(decision);
    let allowed: boolean;
    try {
      allowed = isAllowed(decision.result.policyDocument, arn);
    } catch (error) {
      if (!(error instanceof InvalidPolicyError)) throw error;
      return fail('AUTHORIZER_CONFIGURATION_ERROR');
    }
    if (!allowed) return fail('ACCESS_DENIED');
    const authorizer = authorizerContext(decision.result);
    if (!authorizer) return fail('AUTHORIZER_CONFIGURATION_ERROR');

    const target = this.#options.targets[match.route.target];
    const event = buildProxyEvent({
      request,
      match,
      path,
      query: url.searchParams,
      body,
      requestId,
      authorizer,
      api: this.#options.api,
    });
    if (match.route.streaming) {
      if (!target?.streaming) return fail('INTEGRATION_FAILURE');
      return this.#stream(
        target.streaming,
        functionName(match.route),
        event,
        requestId,
        response,
        fail,
      );
    }
    if (!target) return fail('INTEGRATION_FAILURE');
    let result: APIGatewayProxyResult;
    try {
      result = await withTimeout(
        target.buffered(
          event,
          lambdaContext(functionName(match.route), requestId, BUFFERED_INTEGRATION_TIMEOUT_MS),
        ),
        BUFFERED_INTEGRATION_TIMEOUT_MS,
        'the integration',
      );
    } catch (error) {
      return fail(integrationError(error, 'the processor'));
    }
    if (!result || typeof result.statusCode !== 'number') return fail('INTEGRATION_FAILURE');
    const headers: Record<string, string | string[]> = { 'x-amzn-requestid': requestId };
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
      headers[name] = values.map(String);
    const payload = result.isBase64Encoded
      ? Buffer.from(result.body ?? '', 'base64')
      : Buffer.from(result.body ?? '', 'utf8');
    response.writeHead(result.statusCode, headers).end(payload);
  }

  /** The TOKEN authorizer: its cached decision for this header value, or a new one (cached). */
  async #authorize(token: string, arn: string): Promise<Decision> {
    const cached = this.#cache.get(token);
    if (cached) return cached;
    const decision = await this.#invoke({
      type: 'TOKEN',
      authorizationToken: token,
      methodArn: arn,
    });
    if (typeof decision !== 'string') this.#cache.set(token, decision);
    return decision;
  }

  /** Runs the authorizer function once (with its timeout). */
  async #invoke(
    event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent,
  ): Promise<Decision> {
    this.stats.authorizerInvocations++;
    try {
      const result = await withTimeout(
        this.#options.authorizer(
          event,
          lambdaContext('api-authorizer', randomUUID(), AUTHORIZER_TIMEOUT_MS),
        ),
        AUTHORIZER_TIMEOUT_MS,
        'the authorizer',
      );
      return { result };
    } catch (error) {
      // API Gateway answers 401 exactly when the authorizer fails with the message "Unauthorized".
      if (error instanceof Error && error.message === 'Unauthorized') return 'UNAUTHORIZED';
      console.error(
        'api emulator: the authorizer failed:',
        error instanceof Error ? error.message : error,
      );
      return 'AUTHORIZER_FAILURE';
    }
  }

  async #stream(
    handler: StreamingHandler,
    name: string,
    event: ReturnType<typeof buildProxyEvent>,
    requestId: string,
    response: ServerResponse,
    fail: (type: GatewayErrorType) => void,
  ): Promise<void> {
    let streamed;
    try {
      streamed = await withTimeout(
        invokeStreaming(
          handler,
          event,
          lambdaContext(name, requestId, STREAMING_INTEGRATION_TIMEOUT_MS),
        ),
        STREAMING_INTEGRATION_TIMEOUT_MS,
        'the streaming integration',
      );
    } catch (error) {
      return fail(integrationError(error, 'the streaming processor'));
    }
    response.writeHead(streamed.statusCode, { ...streamed.headers, 'x-amzn-requestid': requestId });
    response.flushHeaders();
    streamed.body.pipe(response);
    // A client that goes away ends the function's stream too.
    let cancelled = false;
    response.once('close', () => {
      if (response.writableFinished) return;
      cancelled = true;
      streamed.body.destroy();
      streamed.cancel();
    });
    streamed.done.catch((error: unknown) => {
      // A function that fails because the client left is not news.
      if (cancelled) return;
      console.error(
        'api emulator: the stream failed:',
        error instanceof Error ? error.message : error,
      );
      response.destroy();
    });
  }
}

/**
 * Before answering a body the gateway refuses: reads the rest of it (up to
 * {@link REFUSED_BODY_DRAIN_BYTES}) and marks the answer `Connection: close`, as the
 * connection's framing is no longer trusted once a body was refused.
 */
async function refuseBody(request: IncomingMessage, response: ServerResponse): Promise<void> {
  await discardBody(request, REFUSED_BODY_DRAIN_BYTES);
  response.setHeader('connection', 'close');
}

/**
 * A REQUEST authorizer event: the method ARN and the request's headers (one value per name),
 * the parts the authorizer reads; API Gateway adds the path, query and request context.
 */
function requestAuthorizerEvent(
  request: IncomingMessage,
  method: string,
  path: string,
  arn: string,
): APIGatewayRequestAuthorizerEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return {
    type: 'REQUEST',
    methodArn: arn,
    httpMethod: method,
    path,
    headers,
  } as APIGatewayRequestAuthorizerEvent;
}

/** Whether every `%` in `path` starts a valid UTF-8 percent-encoding (what decodeURIComponent takes). */
function isPercentDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The gateway error for a function that timed out or threw (only the error's message is logged). */
function integrationError(error: unknown, what: string): GatewayErrorType {
  if (error instanceof IntegrationTimeoutError) return 'INTEGRATION_TIMEOUT';
  console.error(`api emulator: ${what} threw:`, error instanceof Error ? error.message : error);
  return 'INTEGRATION_FAILURE';
}

/**
 * `requestContext.authorizer` as API Gateway builds it for a REST proxy integration: the
 * context's values as strings, plus `principalId` and `integrationLatency`. Undefined when
 * the context holds an object or array, which API Gateway refuses.
 */
function authorizerContext(
  result: APIGatewayAuthorizerResult,
): Record<string, string | number> | undefined {
  const context: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(result.context ?? {})) {
    if (value === null || typeof value === 'object') return undefined;
    context[key] = String(value);
  }
  return { ...context, principalId: String(result.principalId ?? ''), integrationLatency: 0 };
}

/** The deployed function's name for a route (amplify/backend.ts), for the Lambda context. */
function functionName(route: RouteDefinition): string {
  if (route.target === 'usage') return 'usage-api';
  return `ml-${route.target}${route.streaming ? '-stream' : ''}-processor`;
}
