import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { CatalogEntry } from '../../../catalog.ts';
import type { UpstreamClients } from '../clients.ts';
import type { ProcessorConfig } from '../config.ts';
import type { Invocation } from '../invocation.ts';
import type { StreamEvent } from '../stream-events.ts';
import type { UpstreamCall } from '../upstream-call.ts';

/** What every route is built over. */
export interface RouteContext {
  readonly config: ProcessorConfig;
  readonly clients: UpstreamClients;
  /** The models this processor serves (AWS or local entries). */
  readonly catalog: readonly CatalogEntry[];
}

/** A buffered route's answer: the envelope's `data` and the HTTP status. */
export interface RouteAnswer {
  readonly data: unknown;
  readonly status?: number;
}

/** A buffered route. */
export type BufferedRoute = (
  invocation: Invocation,
  event: APIGatewayProxyEvent,
  context: RouteContext,
) => Promise<RouteAnswer>;

/**
 * A streaming route: validates, resolves and holds before any byte is sent, then hands back
 * the upstream events (the call itself starts on the first `next()`).
 */
export type StreamRoute = (
  invocation: Invocation,
  event: APIGatewayProxyEvent,
  context: RouteContext,
  call: UpstreamCall,
) => Promise<AsyncGenerator<StreamEvent>>;
