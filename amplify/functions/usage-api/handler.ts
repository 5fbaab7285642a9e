/**
 * Usage API (REST proxy integration): the caller's usage, the admin report and conversation
 * history. The handler shape of every function (docs/architecture.md, "Function handlers"):
 * configuration validated and dependencies built here, once per container, then
 * `handler(event, context)`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

import { createDependencies } from './dependencies.ts';
import { createUsageRouter } from './router.ts';

const logger = new Logger({ serviceName: 'usage-api' });
const router = createUsageRouter(createDependencies({ logger }));

/** Lambda entry point. */
export async function handler(
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<APIGatewayProxyResult> {
  logger.addContext(context);
  return router.resolve(event);
}
