/**
 * The ML processor on Powertools' event-handler HTTP `Router`, the router of the usage API too
 * (../shared/api-router.ts). Routes come from the list an entry point passes (./routes/, one
 * file each; bedrock-buffered-routes.ts and the three lists beside it), so a function's bundle
 * loads only the routes it serves and its provider's SDK clients.
 *
 * Around each route an `Invocation` owns the request's timing, budget hold, log line and
 * settlement. Buffered routes answer through `resolve`; streaming routes through
 * `resolveStream`, where the route's first chunk decides the status: an error before it is
 * answered with its own status, one after it ends the stream in the route's wire format.
 */
import type { Writable } from 'node:stream';

import { Router } from '@aws-lambda-powertools/event-handler/http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

import type { AuditSink } from '../../audit/trail.ts';
import { CATALOG, type CatalogEntry } from '../../catalog.ts';
import { type GuardrailPolicy, policiesByName } from '../../guardrails/policies.ts';
import { ApiError } from '../shared/api-error.ts';
import { routerPath } from '../shared/api-router.ts';
import type { CallerRecheck } from '../shared/caller-recheck.ts';
import { errorHeaders } from '../shared/envelope.ts';
import type { BedrockClients } from './bedrock-clients.ts';
import type { ProcessorConfig } from './config.ts';
import { type BudgetLedger, type GuardrailSetup, Invocation } from './invocation.ts';
import { ENVELOPE_FORMAT } from './routes/answer-formats.ts';
import type {
  AnswerFormat,
  BufferedRoute,
  ProcessorRoute,
  RouteContext,
  StreamingRoute,
  WireChunk,
  WireReply,
} from './routes/route.ts';
import { createProcessorLogger } from './telemetry.ts';
import { UpstreamCall } from './upstream-call.ts';
import { fromUpstreamError } from './upstream-errors.ts';

/** What the processor is built from; tests inject clients pointed at the local servers. */
export interface ProcessorDependencies<Clients extends BedrockClients = BedrockClients> {
  readonly config: ProcessorConfig;
  /** The SDK clients its routes call. */
  readonly clients: Clients;
  /** The routes it serves: buffered ones on `handle`, streaming ones on `stream`. */
  readonly routes: readonly ProcessorRoute<Clients>[];
  /** @default `config.catalog` (local mode's models), else the built-in catalog */
  readonly catalog?: readonly CatalogEntry[];
  /** Budgets and usage records (`usageLedgerFromEnv()`). @default none: budgets not enforced */
  readonly ledger?: BudgetLedger;
  /** The guardrail policies by name. @default the catalog's (`GUARDRAIL_POLICIES`) */
  readonly policies?: ReadonlyMap<string, GuardrailPolicy>;
  /** Where invocations log; the handler gives it the Lambda context. @default a new `ml-processor` logger */
  readonly logger?: Logger;
  /** Where every request's audit record goes (`auditTrailFromEnv()`); none when absent. */
  readonly audit?: AuditSink;
  /**
   * The caller's current access, re-checked on every request (`callerRecheckFromEnv()`):
   * within 60 s of a change whatever the authorizer cache. @default none: the authorizer's answer stands
   */
  readonly recheck?: CallerRecheck;
}

/** The processor's two entry points: its buffered routes and its streaming routes. */
export interface Processor {
  /** Its Powertools logger (the handlers add the Lambda context to it). */
  readonly logger: Logger;
  handle(event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult>;
  /** Writes the answer to the Lambda response stream; closing it early aborts the model call. */
  stream(event: APIGatewayProxyEvent, responseStream: Writable, context?: Context): Promise<void>;
}

/** One request in the router: its event, its invocation, and on a streaming route its call. */
interface Exchange {
  /** The event as API Gateway sent it (what routes read). */
  readonly event: APIGatewayProxyEvent;
  readonly invocation: Invocation;
  readonly call?: UpstreamCall;
  /** The matched route's answer format (the envelope until a route matched). */
  format: AnswerFormat;
  /** The invocation's log line and settlement, once begun. */
  finished?: Promise<void>;
}

/** Powertools hands handlers the event as `unknown`; ours are REST proxy events. */
interface RouterRequest {
  readonly event: unknown;
}

/** The router's type of Lambda's response stream (its package does not export the name). */
type ResponseStream = Parameters<Router['resolveStream']>[2]['responseStream'];

/** Handlers are given no Lambda context by tests and benchmarks. */
const NO_CONTEXT = {} as Context;

const encoder = new TextEncoder();

/** A processor serving its routes (buffered ones on `handle`, streaming ones on `stream`). */
export function createProcessor<Clients extends BedrockClients>(
  dependencies: ProcessorDependencies<Clients>,
): Processor {
  const { config, clients, ledger, routes, audit, recheck } = dependencies;
  const logger = dependencies.logger ?? createProcessorLogger();
  const context: RouteContext<Clients> = {
    config,
    clients,
    catalog: dependencies.catalog ?? config.catalog ?? CATALOG,
  };
  const guardrails: GuardrailSetup = {
    policies: dependencies.policies ?? policiesByName(),
    bedrock: clients.bedrock,
  };
  // The router matches a request's route key; its handlers find the request's exchange by it.
  const exchanges = new WeakMap<object, Exchange>();
  const exchangeOf = (routed: unknown): Exchange => exchanges.get(routed as object)!;
  const begin = (event: APIGatewayProxyEvent, call?: UpstreamCall) => {
    const exchange: Exchange = {
      event,
      invocation: new Invocation(event, { config, ledger, guardrails, logger, audit }),
      format: ENVELOPE_FORMAT,
      ...(call ? { call } : {}),
    };
    const routed = routeKeyEvent(event);
    exchanges.set(routed, exchange);
    return { exchange, routed };
  };

  /** A buffered route's answer in its format. */
  async function answer(route: BufferedRoute<Clients>, { event }: RouterRequest) {
    const exchange = exchangeOf(event);
    exchange.format = route.format ?? ENVELOPE_FORMAT;
    const { invocation } = exchange;
    await invocation.confirmCaller(recheck, route);
    const { data, status = 200 } = await route.handle(invocation, exchange.event, context);
    exchange.finished = invocation.finish(status);
    await exchange.finished;
    return {
      statusCode: status,
      headers: invocation.headers,
      body: JSON.stringify(exchange.format.success(data, invocation.requestId)),
    };
  }

  /** Opens a streaming route and reads its first chunk before any byte is sent. */
  async function open(route: StreamingRoute<Clients>, { event }: RouterRequest): Promise<Response> {
    const exchange = exchangeOf(event);
    exchange.format = route.format ?? ENVELOPE_FORMAT;
    const { invocation } = exchange;
    const call = exchange.call!;
    // A new stream is refused once access is withdrawn; one already running may finish.
    await invocation.confirmCaller(recheck, route);
    const reply = await route.open(invocation, exchange.event, context, call);
    invocation.streamBegan();
    let first: IteratorResult<WireChunk>;
    try {
      first = await reply.chunks.next();
    } catch (thrown) {
      throw invocation.failure(thrown, call);
    }
    return new Response(streamedBody(exchange, reply, first), {
      status: 200,
      headers: {
        ...invocation.headers,
        'content-type': reply.contentType,
        'x-request-id': invocation.requestId,
      },
    });
  }

  /** Any failure before an answer began, in the matched route's format (the envelope if none). */
  async function answerError(thrown: Error, { event }: RouterRequest) {
    const exchange = exchangeOf(event);
    const { invocation, call } = exchange;
    call?.finish();
    const error = fromUpstreamError(thrown, {
      timedOut: call?.timedOut ?? false,
      retryAfterSeconds: config.throttleRetryAfterSeconds,
    });
    exchange.finished = invocation.finish(error.status, {
      error,
      // The exception behind the answer; a refusal of ours (an ApiError) has none.
      upstreamError:
        (thrown as { cause?: unknown }).cause ?? (thrown instanceof ApiError ? undefined : thrown),
      clientGone: call?.clientGone ?? false,
    });
    await exchange.finished;
    return {
      statusCode: error.status,
      headers: { ...invocation.headers, ...errorHeaders(error) },
      body: JSON.stringify(exchange.format.error(error, invocation.requestId)),
    };
  }

  const routerOf = (served: readonly ProcessorRoute<Clients>[]) => {
    const router = new Router({ logger });
    const noRoute = async (_error: Error, request: RouterRequest) =>
      answerError(
        new ApiError(
          404,
          'ROUTE_NOT_FOUND',
          `No route ${exchangeOf(request.event).invocation.route}`,
        ),
        request,
      );
    router.notFound(noRoute);
    router.methodNotAllowed(noRoute);
    router.errorHandler(Error, answerError);
    for (const route of served)
      router.route(
        (request) => ('handle' in route ? answer(route, request) : open(route, request)),
        { method: route.method, path: routerPath(route.path) },
      );
    return router;
  };
  const buffered = routerOf(routes.filter((route) => 'handle' in route));
  const streaming = routerOf(routes.filter((route) => 'open' in route));

  return {
    logger,
    async handle(event, lambdaContext = NO_CONTEXT) {
      return buffered.resolve(begin(event).routed, lambdaContext);
    },

    async stream(event, responseStream, lambdaContext = NO_CONTEXT) {
      const call = new UpstreamCall(config.upstreamTimeoutMs);
      const { exchange, routed } = begin(event, call);
      call.guardedBy(() => exchange.invocation.callGuard());
      // The client went away: abort the model call, whether it is opening or streaming.
      const onClose = () => {
        if (!responseStream.writableFinished) call.clientDisconnected();
      };
      responseStream.once('close', onClose);
      responseStream.once('error', onClose);
      try {
        // Lambda's response stream; the router only writes to it (the runtime's `awslambda`
        // global, present when the router loads, writes the prelude).
        await streaming.resolveStream(routed, lambdaContext, {
          responseStream: responseStream as ResponseStream,
        });
      } catch (error) {
        // Writing to a client that left fails; its invocation is still logged and settled.
        if (!call.clientGone) throw error;
      } finally {
        responseStream.off('close', onClose);
        responseStream.off('error', onClose);
      }
      await exchange.finished;
    },
  };
}

/**
 * What the router matches: the method and the resource API Gateway matched (its template,
 * which base-path mappings and `..` segments do not move), with no headers or body for it to
 * parse (routes read the gateway's event itself).
 */
function routeKeyEvent(event: APIGatewayProxyEvent): APIGatewayProxyEvent {
  return {
    httpMethod: event.httpMethod ?? '',
    resource: event.resource ?? '',
    path: event.resource ?? '',
    headers: {},
    multiValueHeaders: {},
    body: null,
    isBase64Encoded: false,
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: event.requestContext ?? {},
  } as APIGatewayProxyEvent;
}

/**
 * The body of a streamed answer whose first chunk is already read, pulled as the client reads:
 * counts what each chunk carries, ends a failed stream with the route's error bytes, and on the
 * client leaving (cancel) returns the route's chunks so it stops its upstream call. Each ending
 * logs and settles the invocation once.
 */
function streamedBody(
  exchange: Exchange,
  reply: WireReply,
  first: IteratorResult<WireChunk>,
): ReadableStream<Uint8Array> {
  const { invocation } = exchange;
  const call = exchange.call!;
  let pending: IteratorResult<WireChunk> | undefined = first;
  let pulling: Promise<void> | undefined;
  let canceled = false;
  const end = (failure?: ApiError, upstreamError?: unknown): Promise<void> => {
    exchange.finished ??= (async () => {
      call.finish();
      invocation.upstreamEnded();
      if (call.clientGone) await reply.chunks.return(undefined).catch(() => undefined);
      await invocation.finish(failure?.status ?? 200, {
        error: failure,
        upstreamError,
        clientGone: call.clientGone,
      });
    })();
    return exchange.finished;
  };
  /** The next chunk with bytes to send; undefined once the answer is complete. */
  const nextData = async (): Promise<string | undefined> => {
    for (;;) {
      const next = pending ?? (await reply.chunks.next());
      pending = undefined;
      if (next.done || call.clientGone) return undefined;
      const chunk = next.value;
      if (chunk.usage) invocation.reported(chunk.usage);
      if (chunk.text) invocation.streamed(chunk.text);
      if (chunk.data) return chunk.data;
    }
  };
  const pull = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    try {
      const data = await nextData();
      if (data !== undefined) return controller.enqueue(encoder.encode(data));
      await end();
    } catch (thrown) {
      const failure = call.clientGone ? undefined : invocation.failure(thrown, call);
      if (failure && !canceled) controller.enqueue(encoder.encode(reply.failed(failure)));
      await end(failure, thrown);
    }
    if (!canceled) controller.close();
  };
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      pulling = pull(controller);
      return pulling;
    },
    async cancel() {
      canceled = true;
      call.clientDisconnected();
      // A read in progress ends with the aborted call and settles the invocation itself.
      await pulling;
      await end();
    },
  });
}
