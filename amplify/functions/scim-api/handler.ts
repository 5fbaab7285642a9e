/**
 * SCIM 2.0 service provider for Microsoft Entra ID provisioning (REST proxy integration on
 * `/scim/v2/{proxy+}`, outside the users' token authorizer: the bearer secret is checked
 * here). The handler shape of every function: configuration validated and dependencies built
 * once per container, then `handler(event, context)`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

import { createScimDependencies } from './dependencies.ts';
import { handleScimRequest } from './scim-router.ts';

const logger = new Logger({ serviceName: 'scim-api' });
const dependencies = createScimDependencies({ logger });

/** Lambda entry point. */
export async function handler(
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<APIGatewayProxyResult> {
  logger.addContext(context);
  return handleScimRequest(event, dependencies);
}
