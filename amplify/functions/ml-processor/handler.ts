/**
 * ML processor, buffered routes (API Gateway REST proxy integration):
 * `GET /ml/models`, `POST /ml/bedrock`, `POST /ml/sagemaker`, `GET /ml/sagemaker/jobs/{jobId}`.
 *
 * The handler shape of every function (docs/architecture.md, "Function handlers"):
 * configuration validated and clients built here, once per container, then
 * `handler(event, context)`. The event is the proxy event (see `../shared/authorizer-context.ts`
 * for the caller); environment: see `config.ts` and docs/api.md.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { processorFromEnv } from './from-env.ts';
import { BUFFERED_ROUTES } from './routes/index.ts';
import { logger } from './telemetry.ts';

const processor = processorFromEnv(BUFFERED_ROUTES);

/** Lambda entry point of the buffered routes. */
export async function handler(
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<APIGatewayProxyResult> {
  logger.addContext(context);
  return processor.handle(event, context);
}
