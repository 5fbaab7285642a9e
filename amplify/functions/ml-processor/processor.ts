import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CATALOG, type CatalogEntry } from '../../catalog.ts';
import { policiesByName, type GuardrailPolicy } from '../../guardrails/policies.ts';
import { errorBody, errorHeaders, errorResult, successResult } from '../shared/envelope.ts';
import type { UpstreamClients } from './clients.ts';
import type { ProcessorConfig } from './config.ts';
import { ApiError, fromUpstreamError } from './errors.ts';
import { Invocation, type BudgetLedger } from './invocation.ts';
import { BUFFERED_ROUTES, STREAM_ROUTES } from './routes/index.ts';
import type { RouteContext } from './routes/route.ts';
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
}

/** The processor's two entry points: buffered routes and streaming routes. */
export interface Processor {
  handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  stream(event: APIGatewayProxyEvent, responseStream: Writable): Promise<void>;
}

/** Builds the processor over its configuration and SDK clients. */
export function createProcessor(dependencies: ProcessorDependencies): Processor {
  const { config, clients, ledger } = dependencies;
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
    const invocation = new Invocation(event, config, ledger, guardrails);
    try {
      invocation.caller();
      const route = BUFFERED_ROUTES.get(invocation.route);
      if (!route) throw new ApiError(404, 'ROUTE_NOT_FOUND', `No route ${invocation.route}`);
      const { data, status = 200 } = await route(invocation, event, context);
      await invocation.finish(status);
      return successResult(data, invocation.requestId, invocation.headers, status);
    } catch (thrown) {
      const error = fromUpstreamError(thrown, { timedOut: false, ...retry });
      await invocation.finish(error.status, {
        error,
        upstreamError: (thrown as { cause?: unknown }).cause,
      });
      return errorResult(error, invocation.requestId, invocation.headers);
    }
  }

  /** Opens the route's upstream stream and reads its first event (before any byte is sent). */
  async function open(invocation: Invocation, event: APIGatewayProxyEvent, call: UpstreamCall) {
    invocation.caller();
    const route = STREAM_ROUTES.get(invocation.route);
    if (!route)
      throw new ApiError(404, 'ROUTE_NOT_FOUND', `No streaming route ${invocation.route}`);
    const events = await route(invocation, event, context, call);
    invocation.streamBegan();
    try {
      // The first event decides the status: errors before it get a proper HTTP status.
      return { events, first: await events.next() };
    } catch (thrown) {
      throw invocation.failure(thrown, call);
    }
  }

  async function stream(event: APIGatewayProxyEvent, responseStream: Writable): Promise<void> {
    const invocation = new Invocation(event, config, ledger, guardrails);
    const call = new UpstreamCall(config.upstreamTimeoutMs);
    call.guardedBy(() => invocation.callGuard());
    const onClose = () => {
      if (!responseStream.writableFinished) call.clientDisconnected();
    };
    responseStream.once('close', onClose);
    responseStream.once('error', onClose);
    let opened: { events: AsyncGenerator<StreamEvent>; first: IteratorResult<StreamEvent> };
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
      out.end(
        JSON.stringify({
          success: false,
          error: errorBody(error),
          requestId: invocation.requestId,
        }),
      );
      return;
    }
    const { events, first } = opened;
    const out = awslambda.HttpResponseStream.from(responseStream, {
      statusCode: 200,
      headers: {
        ...invocation.headers,
        'content-type': 'application/x-ndjson',
        'x-request-id': invocation.requestId,
      },
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
          if (item.usage) invocation.reported(item.usage);
          await send({ ...item, latencyMs: invocation.upstreamEnded() });
        } else {
          if (item.type === 'delta') invocation.streamed(item.text);
          await send(item);
        }
        if (call.clientGone) break;
      }
    } catch (thrown) {
      upstreamError = thrown;
      if (!call.clientGone) {
        failure = invocation.failure(thrown, call);
        await send({
          type: 'error',
          error: { code: failure.code, message: failure.message },
        }).catch(() => undefined);
      }
    } finally {
      call.finish();
      invocation.upstreamEnded();
      responseStream.off('close', onClose);
      responseStream.off('error', onClose);
      if (call.clientGone) await events.return(undefined).catch(() => undefined);
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
