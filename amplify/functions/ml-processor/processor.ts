/**
 * The ML processor: its routes in a `RouteTable` (../shared/route-table.ts, the usage API's
 * router too). Routes come from the list an entry point passes (./routes/, one file each;
 * bedrock-buffered-routes.ts and the three lists beside it), so a function's bundle loads only
 * the routes it serves and its provider's SDK clients.
 *
 * Around each route an `Invocation` owns the request's timing, budget hold, log line and
 * settlement. Buffered routes answer through `handle`; streaming routes through `stream`, where
 * the route's first chunk decides the status: an error before it is answered with its own
 * status, one after it ends the stream in the route's wire format.
 */
import type { Writable } from 'node:stream';

import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

import type { AuditSink } from '../../audit/trail.ts';
import { CATALOG, type CatalogEntry } from '../../catalog.ts';
import { type GuardrailPolicy, policiesByName } from '../../guardrails/policies.ts';
import { ApiError } from '../shared/api-error.ts';
import type { CallerRecheck } from '../shared/caller-recheck.ts';
import { errorHeaders } from '../shared/envelope.ts';
import { RouteTable } from '../shared/route-table.ts';
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
  handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  /** Writes the answer to the Lambda response stream; closing it early aborts the model call. */
  stream(event: APIGatewayProxyEvent, responseStream: Writable): Promise<void>;
}

/** One request: its event, its invocation, and on a streaming route its call. */
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

/** A streaming route opened: its reply, its first chunk and the headers of its 200. */
interface OpenedStream {
  readonly reply: WireReply;
  readonly first: IteratorResult<WireChunk>;
  readonly headers: Record<string, string>;
}

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
  const bufferedRoutes = new RouteTable(
    routes.filter((route): route is BufferedRoute<Clients> => 'handle' in route),
  );
  const streamingRoutes = new RouteTable(
    routes.filter((route): route is StreamingRoute<Clients> => 'open' in route),
  );
  const begin = (event: APIGatewayProxyEvent, call?: UpstreamCall): Exchange => ({
    event,
    invocation: new Invocation(event, { config, ledger, guardrails, logger, audit }),
    format: ENVELOPE_FORMAT,
    ...(call ? { call } : {}),
  });
  const noRoute = ({ invocation }: Exchange) =>
    new ApiError(404, 'ROUTE_NOT_FOUND', `No route ${invocation.route}`);

  /** A buffered route's answer in its format. */
  async function answer(
    route: BufferedRoute<Clients>,
    exchange: Exchange,
  ): Promise<APIGatewayProxyResult> {
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
  async function open(route: StreamingRoute<Clients>, exchange: Exchange): Promise<OpenedStream> {
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
    return {
      reply,
      first,
      headers: {
        ...invocation.headers,
        'content-type': reply.contentType,
        'x-request-id': invocation.requestId,
      },
    };
  }

  /** Any failure before an answer began, in the matched route's format (the envelope if none). */
  async function answerError(thrown: unknown, exchange: Exchange): Promise<APIGatewayProxyResult> {
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
        (thrown as { cause?: unknown } | undefined)?.cause ??
        (thrown instanceof ApiError ? undefined : thrown),
      clientGone: call?.clientGone ?? false,
    });
    await exchange.finished;
    return {
      statusCode: error.status,
      headers: { ...invocation.headers, ...errorHeaders(error) },
      body: JSON.stringify(exchange.format.error(error, invocation.requestId)),
    };
  }

  return {
    logger,
    async handle(event) {
      const exchange = begin(event);
      try {
        const route = bufferedRoutes.find(event);
        if (!route) throw noRoute(exchange);
        return await answer(route, exchange);
      } catch (thrown) {
        return answerError(thrown, exchange);
      }
    },

    async stream(event, responseStream) {
      const call = new UpstreamCall(config.upstreamTimeoutMs);
      const exchange = begin(event, call);
      call.guardedBy(() => exchange.invocation.callGuard());
      // The client went away: abort the model call, whether it is opening or streaming.
      const onClose = () => {
        if (!responseStream.writableFinished) call.clientDisconnected();
      };
      responseStream.on('close', onClose);
      responseStream.on('error', onClose);
      try {
        let opened: OpenedStream | undefined;
        let refusal: APIGatewayProxyResult | undefined;
        try {
          const route = streamingRoutes.find(event);
          if (!route) throw noRoute(exchange);
          opened = await open(route, exchange);
        } catch (thrown) {
          refusal = await answerError(thrown, exchange);
        }
        // The prelude API Gateway reads first: status and headers as JSON, eight NUL bytes, then
        // the payload (API Gateway Developer Guide, "Set up a Lambda proxy integration with
        // payload response streaming", docs.aws.amazon.com/apigateway/latest/developerguide/
        // response-transfer-mode-lambda.html), written by the runtime's `awslambda` global.
        const out = awslambda.HttpResponseStream.from(responseStream, {
          statusCode: refusal?.statusCode ?? 200,
          headers: refusal?.headers ?? opened!.headers,
        });
        if (refusal) out.end(refusal.body);
        else await sendStreamed(exchange, opened!, out);
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
 * Writes a streamed answer whose first chunk is already read: counts what each chunk carries,
 * waits while the client reads slower than the model sends, ends a failed stream with the
 * route's error bytes, and stops reading the route's chunks once the client has left (its
 * upstream call is aborted then). However it ends, the invocation is logged and settled once.
 */
async function sendStreamed(
  exchange: Exchange,
  { reply, first }: OpenedStream,
  out: Writable,
): Promise<void> {
  const { invocation } = exchange;
  const call = exchange.call!;
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
  try {
    for (let next = first; !next.done && !call.clientGone; next = await reply.chunks.next()) {
      const chunk = next.value;
      if (chunk.usage) invocation.reported(chunk.usage);
      if (chunk.text) invocation.streamed(chunk.text);
      if (chunk.data && !out.write(chunk.data)) await drainedOrClosed(out);
    }
    await end();
  } catch (thrown) {
    const failure = call.clientGone ? undefined : invocation.failure(thrown, call);
    if (failure && isOpen(out)) out.write(reply.failed(failure));
    await end(failure, thrown);
  }
  if (isOpen(out)) out.end();
}

/** Whether bytes may still be written to the client. */
function isOpen(out: Writable): boolean {
  return !out.destroyed && !out.writableEnded;
}

/** Resolves once the client has taken what was written (or has gone). */
function drainedOrClosed(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
