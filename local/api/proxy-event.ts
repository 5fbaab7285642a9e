import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { APIGatewayProxyEvent } from 'aws-lambda';

import type { RouteMatch } from './route-matcher.ts';

/** Identity of the emulated API (what API Gateway fills into `requestContext`). */
export interface ApiIdentity {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
}

/** Inputs for one proxy event. */
export interface ProxyEventInput {
  readonly request: IncomingMessage;
  readonly match: RouteMatch;
  /** Request path without the stage prefix. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly requestId: string;
  /** `requestContext.authorizer`: the authorizer's context, `principalId` and `integrationLatency`. */
  readonly authorizer: Record<string, string | number | boolean>;
  readonly api: ApiIdentity;
}

function headerMaps(request: IncomingMessage) {
  // rawHeaders keeps the casing the client sent, as API Gateway does.
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!;
    const value = request.rawHeaders[i + 1]!;
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

function queryMaps(query: URLSearchParams) {
  if ([...query.keys()].length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of query) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

/** Builds the Lambda proxy event API Gateway (REST, `AWS_PROXY`) sends for a request. */
export function buildProxyEvent(input: ProxyEventInput): APIGatewayProxyEvent {
  const { request, match, api } = input;
  const headers = headerMaps(request);
  const query = queryMaps(input.query);
  const now = new Date();
  const host = request.headers.host ?? '127.0.0.1';
  return {
    resource: match.route.path,
    path: input.path,
    httpMethod: match.route.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: match.pathParameters ? { ...match.pathParameters } : null,
    stageVariables: null,
    body: input.body.length > 0 ? input.body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      authorizer: input.authorizer,
      domainName: host,
      domainPrefix: host.split('.')[0]!,
      extendedRequestId: randomUUID(),
      httpMethod: match.route.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/${api.stage}${input.path}`,
      protocol: `HTTP/${request.httpVersion}`,
      requestId: input.requestId,
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: match.route.path,
      stage: api.stage,
    },
  };
}
