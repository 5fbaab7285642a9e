/**
 * ML processor, streaming routes (REST API response streaming, NDJSON):
 * `POST /ml/bedrock/stream`, `POST /ml/sagemaker/stream`.
 *
 * The handler shape of every function (docs/architecture.md, "Function handlers"), wrapped with
 * `awslambda.streamifyResponse` (the Lambda runtime's global; tests and local mode install it
 * from `local/lambda`): `handler(event, responseStream, context)`. Writes status and headers
 * with `awslambda.HttpResponseStream.from`, then one JSON object per line. Closing
 * `responseStream` early (the client went away) aborts the upstream call.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { processorFromEnv } from './from-env.ts';
import { STREAMING_ROUTES } from './routes/index.ts';
import { logger } from './telemetry.ts';

const processor = processorFromEnv(STREAMING_ROUTES);

/** Lambda entry point of the streaming routes. */
export const handler = awslambda.streamifyResponse<APIGatewayProxyEvent>(
  (event, responseStream, context) => {
    logger.addContext(context);
    return processor.stream(event, responseStream, context);
  },
);
