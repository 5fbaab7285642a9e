/**
 * The streaming routes' Lambda handler (REST API response streaming), for each provider's
 * streaming function: bedrock-stream-handler.ts (`POST /ml/bedrock/stream` and the compatible
 * chat paths) and sagemaker-stream-handler.ts (`POST /ml/sagemaker/stream`).
 *
 * The handler shape of every function (docs/architecture.md, "Function handlers"), wrapped with
 * `awslambda.streamifyResponse` (the Lambda runtime's global; tests and local mode install it
 * from `local/lambda`): `handler(event, responseStream, context)`. Writes status and headers
 * with `awslambda.HttpResponseStream.from`, then the route's chunks. Closing `responseStream`
 * early (the client went away) aborts the upstream call.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';

import type { Processor } from './processor.ts';

/** The Lambda entry point of a function's streaming routes, over its processor. */
export function streamingHandler(processor: Processor) {
  return awslambda.streamifyResponse<APIGatewayProxyEvent>((event, responseStream, context) => {
    processor.logger.addContext(context);
    return processor.stream(event, responseStream);
  });
}
