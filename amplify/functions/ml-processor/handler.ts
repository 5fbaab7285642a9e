/**
 * ML processor, buffered routes (API Gateway REST proxy integration):
 * `GET /ml/models`, `POST /ml/bedrock`, `POST /ml/sagemaker`, `GET /ml/sagemaker/jobs/{jobId}`.
 *
 * Entry point: `handler(event)` with an API Gateway proxy event; it reads `httpMethod`,
 * `resource` (or `path`), `headers`, `body`, `isBase64Encoded`, `pathParameters`,
 * `requestContext.requestId` and `requestContext.authorizer` (the encoded caller, see
 * `../shared/authorizer-context.ts`). Environment: see `config.ts` and docs/api.md.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { processorFromEnv } from './from-env.ts';

const processor = processorFromEnv();

/** Lambda entry point of the buffered routes. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return processor.handle(event);
}
