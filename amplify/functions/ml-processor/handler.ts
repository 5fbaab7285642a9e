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
import { createClients } from './clients.ts';
import { loadConfig } from './config.ts';
import { usageLedgerFromEnv } from '../shared/usage-ledger.ts';
import { createProcessor } from './processor.ts';

const config = loadConfig();
const processor = createProcessor({
  config,
  clients: createClients(config),
  ledger: usageLedgerFromEnv(),
});

/** Lambda entry point of the buffered routes. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return processor.handle(event);
}
