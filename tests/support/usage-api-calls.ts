/**
 * Calls to the usage API's router as API Gateway sends them (a REST proxy event with the
 * authorizer's context), for the route tests of amplify/functions/usage-api.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';

import { type Caller, encodeCaller } from '../../amplify/functions/shared/authorizer-context.ts';
import type { UsageApiDependencies } from '../../amplify/functions/usage-api/dependencies.ts';
import { createUsageRouter } from '../../amplify/functions/usage-api/router.ts';

/** The origin the tests' dependencies allow (`ALLOWED_ORIGINS`). */
export const TEST_ORIGIN = 'http://localhost:4200';

const TOKEN_EXP = Math.floor(Date.now() / 1000) + 3600;

export interface UsageApiRequest {
  readonly caller: Caller;
  readonly method: string;
  /** The route's resource template, e.g. `/keys/{keyId}`. */
  readonly resource: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as JSON, with its Content-Type and Content-Length. */
  readonly body?: unknown;
  readonly requestId: string;
}

/** The event of one request: the path filled in from the template, the caller as context. */
export function usageApiEvent(request: UsageApiRequest): APIGatewayProxyEvent {
  const raw = request.body === undefined ? null : JSON.stringify(request.body);
  const path = Object.entries(request.pathParameters ?? {}).reduce(
    (built, [name, value]) => built.replace(`{${name}}`, value),
    request.resource,
  );
  return {
    httpMethod: request.method,
    resource: request.resource,
    path,
    headers: {
      origin: TEST_ORIGIN,
      ...(raw
        ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(raw)) }
        : {}),
    },
    multiValueHeaders: {},
    pathParameters: request.pathParameters ? { ...request.pathParameters } : null,
    queryStringParameters: request.query ? { ...request.query } : null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: raw,
    isBase64Encoded: false,
    requestContext: {
      requestId: request.requestId,
      authorizer: { ...encodeCaller(request.caller, TOKEN_EXP) },
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

/** Sends the request through the usage API's router; the answer's status and parsed body. */
export async function callUsageApi(dependencies: UsageApiDependencies, request: UsageApiRequest) {
  const result = await createUsageRouter(dependencies).resolve(usageApiEvent(request));
  return { requestId: request.requestId, status: result.statusCode, body: JSON.parse(result.body) };
}
