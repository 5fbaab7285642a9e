import type { APIGatewayProxyEvent } from 'aws-lambda';

import { apiKeyIdSchema } from '../../contract/api-key-bodies.ts';
import { ApiError, badRequest } from '../shared/api-error.ts';
import type { ApiKeyService } from './api-keys.ts';
import type { UsageApiDependencies } from './dependencies.ts';

/** The key service; 404 where the deployment configures no key table. */
export function apiKeysOf(dependencies: UsageApiDependencies): ApiKeyService {
  if (!dependencies.apiKeys)
    throw new ApiError(404, 'ROUTE_NOT_FOUND', 'API keys are not configured here');
  return dependencies.apiKeys;
}

/** `{keyId}` of the path, or 400. */
export function keyIdOf(event: APIGatewayProxyEvent): string {
  const parsed = apiKeyIdSchema.safeParse(event.pathParameters?.['keyId']);
  if (!parsed.success) throw badRequest('keyId', 'keyId must be 16 characters a-z or 2-7');
  return parsed.data;
}
