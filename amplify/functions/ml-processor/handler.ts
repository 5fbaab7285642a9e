/**
 * The buffered routes' Lambda handler (API Gateway REST proxy integration), for each
 * provider's buffered function: bedrock-handler.ts (`GET /ml/models`, `POST /ml/bedrock`, the
 * compatible model lists) and sagemaker-handler.ts (`POST /ml/sagemaker`,
 * `GET /ml/sagemaker/jobs/{jobId}`).
 *
 * The handler shape of every function (docs/architecture.md, "Function handlers"):
 * configuration validated and clients built once per container (by the entry file), then
 * `handler(event, context)`. The event is the proxy event (see `../shared/authorizer-context.ts`
 * for the caller); environment: see `config.ts` and docs/api.md.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

import type { Processor } from './processor.ts';

/** A Lambda handler type for the buffered routes. */
export type BufferedHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** The Lambda entry point of a function's buffered routes, over its processor. */
export function bufferedHandler(processor: Processor): BufferedHandler {
  return async (event, context) => {
    processor.logger.addContext(context);
    return processor.handle(event);
  };
}
