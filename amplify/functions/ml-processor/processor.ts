import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CATALOG, type CatalogEntry } from '../../catalog.ts';
import { policiesByName, type GuardrailPolicy } from '../../guardrails/policies.ts';
import { errorHeaders } from '../shared/envelope.ts';
import type { UpstreamClients } from './clients.ts';
import type { ProcessorConfig } from './config.ts';
import { ApiError, fromUpstreamError } from './errors.ts';
import { Invocation, type BudgetLedger } from './invocation.ts';
import type { AuditSink } from '../../audit/trail.ts';
import {
  answerFormatFor,
  BUFFERED_ROUTES,
  STREAM_ROUTES,
  WIRE_STREAM_ROUTES,
} from './routes/index.ts';
import type { AnswerFormat, RouteContext, WireChunk, WireReply } from './routes/route.ts';
import { ndjsonLine, type StreamEvent } from './stream-events.ts';
import { UpstreamCall } from './upstream-call.ts';

/** What the processor is built from; tests inject clients pointed at the local servers. */
export interface ProcessorDependencies {
  readonly config: ProcessorConfig;
  readonly clients: UpstreamClients;
  /** Defaults to `config.catalog` (local mode's models), else the built-in catalog. */
  readonly catalog?: readonly CatalogEntry[];
  /** Budgets and usage records (`usageLedgerFromEnv()`); not enforced when absent. */
  readonly ledger?: BudgetLedger;
  /** The guardrail policies by name. @default the catalog's (`GUARDRAIL_POLICIES`) */
  readonly policies?: ReadonlyMap<string, GuardrailPolicy>;
  /** Where every request's audit record goes (`auditTrailFromEnv()`); none when absent. */
  readonly audit?: AuditSink;
}

/** The processor's two entry points: buffered routes and streaming routes. */
export interface Processor {
  handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  stream(event: APIGatewayProxyEvent, responseStream: Writable): Promise<void>;
}

/** Builds the processor over its configuration and SDK clients. */
export function createProcessor(dependencies: ProcessorDependencies): Processor {
  const { config, clients, ledger, audit } = dependencies;
  const context: RouteContext = {
    config,
    clients,
    catalog: dependencies.catalog ?? config.catalog ?? CATALOG,
  };
  const retry = { retryAfterSeconds: config.throttleRetryAfterSeconds };
  const guardrails = {
    policies: dependencies.policies ?? policiesByName(),
    bedrock: clients.bedrock,
  };

  async function handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const invocation = new Invocation(event, config, ledger, guardrails, audit);
    const format = answerFormatFor(invocation.route);
    try {
      invocation.caller();
      const route = BUFFERED_ROUTES.get(invocation.route);
      if (!route) throw new ApiError(404, 'ROUTE_NOT_FOUND', `No route ${invocation.route}`);
      const { data, status = 200 } = await route(invocation, event, context);
      await invocation.finish(status);
      return {
        statusCode: status,
        headers: invocation.headers,
        body: JSON.stringify(format.success(data, invocation.requestId)),
      };
    } catch (thrown) {
      const error = fromUpstreamError(thrown, { timedOut: false, ...retry });
      await invocation.finish(error.status, {
        error,
        upstreamError: (thrown as { cause?: unknown }).cause,
      });
      return errorAnswer(format, error, invocation);
    }
  }

  /** Opens the route's upstream stream and reads its first chunk (before any byte is sent). */
  async function open(invocation: Invocation, event: APIGatewayProxyEvent, call: UpstreamCall) {
    invocation.caller();
    const wire = WIRE_STREAM_ROUTES.get(invocation.route);
    const route = STREAM_ROUTES.get(invocation.route);
    if (!wire && !route)
      throw new ApiError(404, 'ROUTE_NOT_FOUND', `No streaming route ${invocation.route}`);
    const reply = wire
      ? await wire(invocation, event, context, call)
      : ndjsonReply(await route!(invocation, event, context, call), invocation);
    invocation.streamBegan();
    try {
      // The first chunk decides the status: errors before it get a proper HTTP status.
      return { reply, first: await reply.chunks.next() };
    } catch (thrown) {
      throw invocation.failure(thrown, call);
    }
  }

  async function stream(event: APIGatewayProxyEvent, responseStream: Writable): Promise<void> {
    const invocation = new Invocation(event, config, ledger, guardrails, audit);
    const call = new UpstreamCall(config.upstreamTimeoutMs);
    call.guardedBy(() => invocation.callGuard());
    const onClose = () => {
      if (!responseStream.writableFinished) call.clientDisconnected();
    };
    responseStream.once('close', onClose);
    responseStream.once('error', onClose);
    const format = answerFormatFor(invocation.route);
    let opened: { reply: WireReply; first: IteratorResult<WireChunk> };
    try {
      opened = await open(invocation, event, call);
    } catch (thrown) {
      call.finish();
      const error = fromUpstreamError(thrown, { timedOut: call.timedOut, ...retry });
      await invocation.finish(error.status, {
        error,
        upstreamError: (thrown as { cause?: unknown }).cause ?? thrown,
        clientGone: call.clientGone,
      });
      const out = awslambda.HttpResponseStream.from(responseStream, {
        statusCode: error.status,
        headers: { ...invocation.headers, ...errorHeaders(error) },
      });
      out.end(JSON.stringify(format.error(error, invocation.requestId)));
      return;
    }
    const { reply, first } = opened;
    const out = awslambda.HttpResponseStream.from(responseStream, {
      statusCode: 200,
      headers: {
        ...invocation.headers,
        'content-type': reply.contentType,
        'x-request-id': invocation.requestId,
      },
    });
    const send = async (data: string) => {
      if (call.clientGone || !data) return;
      if (!out.write(data)) await once(out, 'drain', { signal: call.signal });
    };
    let failure: ApiError | undefined;
    let upstreamError: unknown;
    try {
      for (let next = first; !next.done; next = await reply.chunks.next()) {
        const chunk = next.value;
        if (chunk.usage) invocation.reported(chunk.usage);
        if (chunk.text) invocation.streamed(chunk.text);
        await send(chunk.data);
        if (call.clientGone) break;
      }
    } catch (thrown) {
      upstreamError = thrown;
      if (!call.clientGone) {
        failure = invocation.failure(thrown, call);
        await send(reply.failed(failure)).catch(() => undefined);
      }
    } finally {
      call.finish();
      invocation.upstreamEnded();
      responseStream.off('close', onClose);
      responseStream.off('error', onClose);
      if (call.clientGone) await reply.chunks.return(undefined).catch(() => undefined);
    }
    await invocation.finish(failure?.status ?? 200, {
      error: failure,
      upstreamError,
      clientGone: call.clientGone,
    });
    if (!out.writableEnded && !out.destroyed) out.end();
  }

  return { handle, stream };
}

/** An error answer in the route's format, with `Retry-After` on a 429. */
function errorAnswer(
  format: AnswerFormat,
  error: ApiError,
  invocation: Invocation,
): APIGatewayProxyResult {
  return {
    statusCode: error.status,
    headers: { ...invocation.headers, ...errorHeaders(error) },
    body: JSON.stringify(format.error(error, invocation.requestId)),
  };
}

/** A native streaming route's events as NDJSON lines; `done` gets the upstream latency. */
function ndjsonReply(events: AsyncGenerator<StreamEvent>, invocation: Invocation): WireReply {
  async function* chunks(): AsyncGenerator<WireChunk> {
    for await (const item of events) {
      if (item.type === 'done')
        yield {
          data: ndjsonLine({ ...item, latencyMs: invocation.upstreamEnded() }),
          ...(item.usage ? { usage: item.usage } : {}),
        };
      else yield { data: ndjsonLine(item), ...(item.type === 'delta' ? { text: item.text } : {}) };
    }
  }
  return {
    contentType: 'application/x-ndjson',
    chunks: chunks(),
    failed: (error) =>
      ndjsonLine({ type: 'error', error: { code: error.code, message: error.message } }),
  };
}
