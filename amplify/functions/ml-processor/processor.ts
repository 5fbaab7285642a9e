import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { ROUTES } from '../../api/routes.ts';
import { entriesFor, grantingGroup, modelsFor, type CatalogEntry, CATALOG } from '../../catalog.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import {
  BudgetExceededError,
  reservationFor,
  type Reservation,
  type UsageAmounts,
  type UsageLedger,
} from '../shared/usage-ledger.ts';
import { callerOf, resolveEntry } from './access.ts';
import { jobStatus, submitJob } from './async-jobs.ts';
import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { converse, converseInput, converseStream } from './bedrock.ts';
import type { UpstreamClients } from './clients.ts';
import type { ProcessorConfig } from './config.ts';
import { ApiError, fromUpstreamError } from './errors.ts';
import {
  bedrockRequestSchema,
  header,
  jobIdSchema,
  readJsonBody,
  sagemakerRequestSchema,
  validate,
} from './request.ts';
import {
  errorBody,
  errorHeaders,
  errorResult,
  responseHeaders,
  successResult,
} from '../shared/envelope.ts';
import { endpointPayload, invokeEndpoint, invokeEndpointStream } from './sagemaker.ts';
import { ndjsonLine, type StreamEvent } from './stream-events.ts';
import { logger, recordInvocation, type Outcome } from './telemetry.ts';
import { UpstreamCall } from './upstream-call.ts';

/** What the processor is built from; tests inject clients pointed at the local servers. */
export interface ProcessorDependencies {
  readonly config: ProcessorConfig;
  readonly clients: UpstreamClients;
  /** Defaults to the catalog's AWS entries, or its local ones when `config.localModels`. */
  readonly catalog?: readonly CatalogEntry[];
  /** Token budgets and usage records (`usageLedgerFromEnv()`); not enforced when absent. */
  readonly ledger?: UsageLedger;
}

/** The processor's two entry points: buffered routes and streaming routes. */
export interface Processor {
  handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  stream(event: APIGatewayProxyEvent, responseStream: Writable): Promise<void>;
}

/** Without this the browser hides Retry-After from the app on a 429. */
const EXPOSED_HEADERS = ['Retry-After'];

/** What a request learned along the way, for its log line and metrics. */
interface Trace {
  caller?: Caller;
  entry?: CatalogEntry;
  inputTokens?: number;
  outputTokens?: number;
  upstreamMs?: number;
  /** Tokens held against the caller's budget for this call. */
  reservation?: Reservation;
}

/** `METHOD /template` of the route, from `resource` (API Gateway) or by matching `path`. */
function routeKey(event: APIGatewayProxyEvent): string {
  const method = event.httpMethod?.toUpperCase() ?? '';
  if (event.resource) return `${method} ${event.resource}`;
  const path = (event.path ?? '').replace(/\/+$/, '');
  const route = ROUTES.find(
    (candidate) =>
      candidate.method === method &&
      new RegExp(`^${candidate.path.replace(/\{[^/]+\}/g, '[^/]+')}$`).test(path),
  );
  return route ? `${method} ${route.path}` : `${method} ${path}`;
}

/** The fields of a catalog entry the app sees (`GET /ml/models`). */
function publicView(entry: CatalogEntry) {
  return entry.provider === 'bedrock'
    ? { id: entry.id, label: entry.label, provider: entry.provider, limits: entry.limits }
    : {
        id: entry.id,
        label: entry.label,
        provider: entry.provider,
        mode: entry.mode,
        contentType: entry.contentType,
        limits: entry.limits,
      };
}

function outcomeOf(status: number, clientGone = false): Outcome {
  if (clientGone) return 'client_gone';
  if (status === 429) return 'throttled';
  if (status >= 500 || status === 424) return 'error';
  return status >= 400 ? 'client_error' : 'ok';
}

/** Builds the processor over its configuration and SDK clients. */
export function createProcessor(dependencies: ProcessorDependencies): Processor {
  const { config, clients, ledger } = dependencies;
  const catalog = dependencies.catalog ?? entriesFor(config.localModels, CATALOG);
  const retry = { retryAfterSeconds: config.throttleRetryAfterSeconds };

  const record = (
    event: APIGatewayProxyEvent,
    requestId: string,
    trace: Trace,
    status: number,
    started: number,
    extra: { error?: ApiError; upstreamError?: unknown; clientGone?: boolean } = {},
  ) =>
    recordInvocation({
      deployment: config.deploymentName,
      requestId,
      route: routeKey(event),
      sub: trace.caller?.sub ?? '',
      model: trace.entry?.id,
      group: trace.entry && trace.caller ? grantingGroup(trace.entry, trace.caller) : undefined,
      status,
      outcome: outcomeOf(status, extra.clientGone),
      latencyMs: Math.round(performance.now() - started),
      ...(trace.upstreamMs !== undefined ? { upstreamMs: trace.upstreamMs } : {}),
      inputTokens: trace.inputTokens,
      outputTokens: trace.outputTokens,
      errorCode: extra.error?.code,
      upstreamError: (extra.upstreamError as { name?: string } | undefined)?.name,
    });

  /** Holds the call's tokens against the caller's budget; 429 until the reset when spent. */
  async function admit(trace: Trace, worstCase: UsageAmounts): Promise<void> {
    if (!ledger || !trace.caller || !trace.entry) return;
    try {
      trace.reservation = await ledger.reserve(trace.caller, trace.entry.id, worstCase);
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      throw new ApiError(429, 'THROTTLED', error.message, {
        retryAfterSeconds: error.retryAfterSeconds(),
      });
    }
  }

  /** Settles the hold with the tokens used and writes the usage record (no content). */
  async function settle(trace: Trace, requestId: string, status: number, clientGone = false) {
    if (!ledger || !trace.reservation) return;
    const reported = trace.inputTokens !== undefined;
    await ledger
      .settle(trace.reservation, {
        requestId,
        charged: { inputTokens: trace.inputTokens ?? 0, outputTokens: trace.outputTokens ?? 0 },
        latencyMs: trace.upstreamMs ?? 0,
        status: clientGone && !reported ? 'abandoned' : status < 400 ? 'ok' : 'error',
      })
      .catch((error: unknown) =>
        logger.error('usage record failed', { requestId, errorName: (error as Error).name }),
      );
  }

  /** Validates a Bedrock request, resolves its model for the caller and holds its tokens. */
  async function prepareConverse(
    event: APIGatewayProxyEvent,
    trace: Trace,
    caller: Caller,
  ): Promise<ConverseCommandInput> {
    const body = validate(bedrockRequestSchema, readJsonBody(event, config.maxBodyBytes));
    const entry = (trace.entry = resolveEntry(catalog, 'bedrock', body.modelId, caller, 'modelId'));
    const input = converseInput(entry, body);
    await admit(trace, converseReservation(input));
    return input;
  }

  /**
   * Validates a SageMaker request, resolves its endpoint for the caller and admits the call;
   * 400 when the endpoint's mode does not match the route (`streaming` or buffered/async).
   */
  async function prepareEndpointCall(
    event: APIGatewayProxyEvent,
    trace: Trace,
    caller: Caller,
    streaming: boolean,
  ) {
    const body = validate(sagemakerRequestSchema, readJsonBody(event, config.maxBodyBytes));
    const entry = (trace.entry = resolveEntry(
      catalog,
      'sagemaker',
      body.modelName,
      caller,
      'modelName',
    ));
    if ((entry.mode === 'streaming') !== streaming)
      throw new ApiError(
        400,
        'BAD_REQUEST',
        streaming
          ? `"${entry.id}" is not a streaming endpoint: use POST /ml/sagemaker`
          : `"${entry.id}" is a streaming endpoint: use POST /ml/sagemaker/stream`,
        { field: 'modelName' },
      );
    const payload = endpointPayload(entry, body);
    await admit(trace, { inputTokens: 0, outputTokens: 0, requests: 1 });
    return { entry, payload };
  }

  /** Runs one upstream call under the processor's deadline, timing it. */
  async function upstream<T>(trace: Trace, run: (call: UpstreamCall) => Promise<T>): Promise<T> {
    const call = new UpstreamCall(config.upstreamTimeoutMs);
    const started = performance.now();
    try {
      return await run(call);
    } catch (error) {
      throw Object.assign(fromUpstreamError(error, { timedOut: call.timedOut, ...retry }), {
        cause: error,
      });
    } finally {
      call.finish();
      trace.upstreamMs = Math.round(performance.now() - started);
    }
  }

  async function route(event: APIGatewayProxyEvent, trace: Trace) {
    const caller = (trace.caller = callerOf(event));
    switch (routeKey(event)) {
      case 'GET /ml/models':
        return { data: { models: modelsFor(caller, catalog).map(publicView) } };
      case 'POST /ml/bedrock': {
        const input = await prepareConverse(event, trace, caller);
        const result = await upstream(trace, (call) => converse(clients.bedrock, input, call));
        trace.inputTokens = result.usage.inputTokens;
        trace.outputTokens = result.usage.outputTokens;
        return { data: { ...result, latencyMs: trace.upstreamMs } };
      }
      case 'POST /ml/sagemaker': {
        const { entry, payload } = await prepareEndpointCall(event, trace, caller, false);
        if (entry.mode === 'async') {
          const jobId = await upstream(trace, (call) =>
            submitJob(clients, entry, caller.sub, payload, call),
          );
          return { status: 202, data: { jobId, status: 'InProgress' } };
        }
        const result = await upstream(trace, (call) =>
          invokeEndpoint(clients.sagemaker, entry, payload, call),
        );
        return { data: { ...result, latencyMs: trace.upstreamMs } };
      }
      case 'GET /ml/sagemaker/jobs/{jobId}': {
        const { jobId } = validate(z.object({ jobId: jobIdSchema }), {
          jobId: event.pathParameters?.['jobId'],
        });
        const status = await upstream(trace, (call) =>
          jobStatus(clients.s3, modelsFor(caller, catalog), caller.sub, jobId, call),
        );
        trace.entry = catalog.find((entry) => entry.id === status.model);
        return { data: status };
      }
      default:
        throw new ApiError(404, 'ROUTE_NOT_FOUND', `No route ${routeKey(event)}`);
    }
  }

  /** What every answer starts from: its clock, request id, headers and an empty trace. */
  function begin(event: APIGatewayProxyEvent): {
    started: number;
    requestId: string;
    headers: Record<string, string>;
    trace: Trace;
  } {
    return {
      started: performance.now(),
      requestId: event.requestContext?.requestId || randomUUID(),
      headers: responseHeaders(header(event, 'origin'), config.allowedOrigins, EXPOSED_HEADERS),
      trace: {},
    };
  }

  async function handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const { started, requestId, headers, trace } = begin(event);
    try {
      const { data, status = 200 } = await route(event, trace);
      record(event, requestId, trace, status, started);
      await settle(trace, requestId, status);
      return successResult(data, requestId, headers, status);
    } catch (thrown) {
      const error = fromUpstreamError(thrown, { timedOut: false, ...retry });
      record(event, requestId, trace, error.status, started, {
        error,
        upstreamError: (thrown as { cause?: unknown }).cause,
      });
      await settle(trace, requestId, error.status);
      return errorResult(error, requestId, headers);
    }
  }

  /** Validates a streaming request and opens the upstream stream (before any byte is sent). */
  async function openStream(
    event: APIGatewayProxyEvent,
    trace: Trace,
    call: UpstreamCall,
  ): Promise<AsyncGenerator<StreamEvent>> {
    const caller = (trace.caller = callerOf(event));
    switch (routeKey(event)) {
      case 'POST /ml/bedrock/stream':
        return converseStream(clients.bedrock, await prepareConverse(event, trace, caller), call);
      case 'POST /ml/sagemaker/stream': {
        const { entry, payload } = await prepareEndpointCall(event, trace, caller, true);
        return invokeEndpointStream(clients.sagemaker, entry, payload, call);
      }
      default:
        throw new ApiError(404, 'ROUTE_NOT_FOUND', `No streaming route ${routeKey(event)}`);
    }
  }

  async function stream(event: APIGatewayProxyEvent, responseStream: Writable): Promise<void> {
    const { started, requestId, headers, trace } = begin(event);
    const call = new UpstreamCall(config.upstreamTimeoutMs);
    const onClose = () => {
      if (!responseStream.writableFinished) call.clientDisconnected();
    };
    responseStream.once('close', onClose);
    responseStream.once('error', onClose);
    let upstreamStarted: number | undefined;
    let first: IteratorResult<StreamEvent> | undefined;
    let events: AsyncGenerator<StreamEvent> | undefined;
    try {
      events = await openStream(event, trace, call);
      upstreamStarted = performance.now();
      // The first event decides the status: errors before it get a proper HTTP status.
      first = await events.next();
    } catch (thrown) {
      call.finish();
      const error = fromUpstreamError(thrown, { timedOut: call.timedOut, ...retry });
      record(event, requestId, trace, error.status, started, {
        error,
        upstreamError: thrown,
        clientGone: call.clientGone,
      });
      await settle(trace, requestId, error.status, call.clientGone);
      const out = awslambda.HttpResponseStream.from(responseStream, {
        statusCode: error.status,
        headers: { ...headers, ...errorHeaders(error) },
      });
      out.end(JSON.stringify({ success: false, error: errorBody(error), requestId }));
      return;
    }
    const out = awslambda.HttpResponseStream.from(responseStream, {
      statusCode: 200,
      headers: { ...headers, 'content-type': 'application/x-ndjson', 'x-request-id': requestId },
    });
    const send = async (item: StreamEvent) => {
      if (call.clientGone) return;
      if (!out.write(ndjsonLine(item))) await once(out, 'drain', { signal: call.signal });
    };
    let failure: ApiError | undefined;
    let upstreamError: unknown;
    try {
      for (let next = first; !next.done; next = await events.next()) {
        const item = next.value;
        if (item.type === 'done') {
          trace.inputTokens = item.usage?.inputTokens;
          trace.outputTokens = item.usage?.outputTokens;
          trace.upstreamMs = Math.round(performance.now() - (upstreamStarted ?? started));
          await send({ ...item, latencyMs: trace.upstreamMs });
        } else await send(item);
        if (call.clientGone) break;
      }
    } catch (thrown) {
      upstreamError = thrown;
      if (!call.clientGone) {
        failure = fromUpstreamError(thrown, { timedOut: call.timedOut, ...retry });
        await send({
          type: 'error',
          error: { code: failure.code, message: failure.message },
        }).catch(() => undefined);
      }
    } finally {
      call.finish();
      responseStream.off('close', onClose);
      responseStream.off('error', onClose);
      if (call.clientGone) await events.return(undefined).catch(() => undefined);
    }
    record(event, requestId, trace, failure?.status ?? 200, started, {
      error: failure,
      upstreamError,
      clientGone: call.clientGone,
    });
    await settle(trace, requestId, failure?.status ?? 200, call.clientGone);
    if (!out.writableEnded && !out.destroyed) out.end();
  }

  return { handle, stream };
}

/** The most tokens a Converse call may use: its input characters plus its output limit. */
function converseReservation(input: ConverseCommandInput): UsageAmounts {
  const blocks = [...(input.messages ?? []).flatMap((message) => message.content ?? [])];
  const chars =
    blocks.reduce((sum, block) => sum + ('text' in block ? (block.text?.length ?? 0) : 0), 0) +
    (input.system ?? []).reduce(
      (sum, block) => sum + ('text' in block ? (block.text?.length ?? 0) : 0),
      0,
    );
  return reservationFor(chars, input.inferenceConfig?.maxTokens ?? 0);
}
