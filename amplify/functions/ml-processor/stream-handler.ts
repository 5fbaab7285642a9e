/**
 * ML processor, streaming routes (REST API response streaming, NDJSON):
 * `POST /ml/bedrock/stream`, `POST /ml/sagemaker/stream`.
 *
 * Entry point: `handler(event, responseStream)`, wrapped with `awslambda.streamifyResponse`
 * (the Lambda runtime's global; tests and local mode install it from `local/lambda`). Writes
 * status and headers with `awslambda.HttpResponseStream.from`, then one JSON object per line.
 * Closing `responseStream` early (the client went away) aborts the upstream call. Event
 * fields and environment as in `handler.ts`.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { processorFromEnv } from './from-env.ts';

const processor = processorFromEnv();

/** Lambda entry point of the streaming routes. */
export const handler = awslambda.streamifyResponse<APIGatewayProxyEvent>((event, responseStream) =>
  processor.stream(event, responseStream),
);
