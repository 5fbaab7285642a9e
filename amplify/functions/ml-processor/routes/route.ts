import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { CatalogEntry } from '../../../catalog.ts';
import type { BedrockClients } from '../bedrock-clients.ts';
import type { ProcessorConfig } from '../config.ts';
import type { Invocation } from '../invocation.ts';
import type { ApiError } from '../errors.ts';
import type { ModelUsage, StreamEvent } from '../stream-events.ts';
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
  readonly status?: number;
}

/** A buffered route. */
export type BufferedRoute<Clients extends BedrockClients = BedrockClients> = (
  invocation: Invocation,
  event: APIGatewayProxyEvent,
  context: RouteContext<Clients>,
) => Promise<RouteAnswer>;

/**
 * A streaming route: validates, resolves and holds before any byte is sent, then hands back
 * the upstream events (the call itself starts on the first `next()`).
 */
export type StreamRoute<Clients extends BedrockClients = BedrockClients> = (
  invocation: Invocation,
  event: APIGatewayProxyEvent,
  context: RouteContext<Clients>,
  call: UpstreamCall,
) => Promise<AsyncGenerator<StreamEvent>>;

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
 * A streaming route that writes its own wire format (the compatible APIs: server-sent events,
 * or one JSON answer when the client did not ask to stream).
 */
export type WireStreamRoute<Clients extends BedrockClients = BedrockClients> = (
  invocation: Invocation,
  event: APIGatewayProxyEvent,
  context: RouteContext<Clients>,
  call: UpstreamCall,
) => Promise<WireReply>;

/** How a route's JSON answers and errors look: the API envelope, or a compatible API's shapes. */
export interface AnswerFormat {
  success(data: unknown, requestId: string): unknown;
  error(error: ApiError, requestId: string): unknown;
}

/**
 * The routes one processor function serves, by `METHOD /resource`: each provider's functions
 * get their own set (bedrock-routes.ts, sagemaker-routes.ts), so a function's bundle carries
 * only the routes, and SDK clients, it serves.
 */
export interface RouteSet<Clients extends BedrockClients = BedrockClients> {
  /** Buffered routes (docs/api.md, docs/programmatic-access.md). */
  readonly buffered: ReadonlyMap<string, BufferedRoute<Clients>>;
  /** Streaming routes that answer NDJSON `StreamEvent`s. */
  readonly streams: ReadonlyMap<string, StreamRoute<Clients>>;
  /** Streaming routes that write their own wire format (the compatible APIs). */
  readonly wireStreams: ReadonlyMap<string, WireStreamRoute<Clients>>;
}
