import type { APIGatewayProxyEvent } from 'aws-lambda';

import type { CatalogEntry } from '../../../catalog.ts';
import type { ModelUsage } from '../../../contract/stream-events.ts';
import type { ApiError } from '../../shared/api-error.ts';
import type { RouteAddress } from '../../shared/route-table.ts';
import type { BedrockClients } from '../bedrock-clients.ts';
import type { ProcessorConfig } from '../config.ts';
import type { Invocation } from '../invocation.ts';
import type { UpstreamCall } from '../upstream-call.ts';

/**
 * What every route is built over. `Clients` is what the route calls: the Bedrock client by
 * default; the SageMaker routes ask for `UpstreamClients` (clients.ts).
 */
export interface RouteContext<Clients extends BedrockClients = BedrockClients> {
  readonly config: ProcessorConfig;
  readonly clients: Clients;
  /** The models this processor serves (AWS or local entries). */
  readonly catalog: readonly CatalogEntry[];
}

/** A buffered route's answer: the envelope's `data` and the HTTP status. */
export interface RouteAnswer {
  readonly data: unknown;
  /** @default 200 */
  readonly status?: number;
}

/** How a route's JSON answers and errors look: the API envelope, or a compatible API's shapes. */
export interface AnswerFormat {
  success(data: unknown, requestId: string): unknown;
  error(error: ApiError, requestId: string): unknown;
}

/** Where a processor route is served (the route table's spelling) and how it answers. */
interface ProcessorRouteAddress extends RouteAddress {
  readonly method: 'GET' | 'POST';
  /** @default the API envelope (`ENVELOPE_FORMAT`) */
  readonly format?: AnswerFormat;
}

/** A route answered in one piece by the buffered function. */
export interface BufferedRoute<
  Clients extends BedrockClients = BedrockClients,
> extends ProcessorRouteAddress {
  handle(
    invocation: Invocation,
    event: APIGatewayProxyEvent,
    context: RouteContext<Clients>,
  ): Promise<RouteAnswer>;
}

/** One piece of a streamed answer, with what the invocation counts of it. */
export interface WireChunk {
  /** The bytes to write. */
  readonly data: string;
  /** Output text the chunk carries (charged as streamed if the model reports no usage). */
  readonly text?: string;
  /** The model's usage, on the chunk that reports it. */
  readonly usage?: ModelUsage;
}

/** What a streaming route answers: a content type and the chunks to write. */
export interface WireReply {
  readonly contentType: string;
  readonly chunks: AsyncGenerator<WireChunk>;
  /** The bytes that tell the client the answer failed after its first byte. */
  failed(error: ApiError): string;
}

/**
 * A route of the streaming function. `open` validates, resolves and holds before any byte is
 * sent, then hands back the reply; the upstream call starts on the first `next()`, and that
 * first chunk decides the status (an error before it is answered with its own).
 */
export interface StreamingRoute<
  Clients extends BedrockClients = BedrockClients,
> extends ProcessorRouteAddress {
  open(
    invocation: Invocation,
    event: APIGatewayProxyEvent,
    context: RouteContext<Clients>,
    call: UpstreamCall,
  ): Promise<WireReply>;
}

/**
 * Any route of the processor. Each function serves its own list (bedrock-buffered-routes.ts,
 * bedrock-streaming-routes.ts, sagemaker-buffered-routes.ts, sagemaker-streaming-routes.ts), so
 * its bundle carries only the routes, and SDK clients, it serves.
 */
export type ProcessorRoute<Clients extends BedrockClients = BedrockClients> =
  BufferedRoute<Clients> | StreamingRoute<Clients>;
