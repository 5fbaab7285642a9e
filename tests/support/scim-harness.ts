/**
 * Drives the SCIM function in-process as API Gateway would (`/scim/v2/{proxy+}` proxy events),
 * over dynalite: the store, the token check and every route run as deployed.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';

import { SCIM_BASE_PATH } from '../../amplify/contract/scim.ts';
import { sha256Hex } from '../../amplify/functions/scim-api/bearer-secret.ts';
import {
  createScimDependencies,
  type ScimApiDependencies,
} from '../../amplify/functions/scim-api/dependencies.ts';
import { handleScimRequest } from '../../amplify/functions/scim-api/scim-router.ts';
import type { SessionRevoker } from '../../amplify/functions/scim-api/session-revocation.ts';
import { DirectoryStore } from '../../amplify/functions/shared/directory-store.ts';
import { createLocalDirectoryTable } from '../../local/directory/directory-table.ts';
import type { ScimSend } from '../../local/scim/replay.ts';
import { type LocalDynamo, startLocalDynamo } from '../../local/usage/dynamo.ts';

/** A request to the handler; `path` is below the base URL (`Users/<id>`), with its query. */
export interface ScimTestRequest {
  readonly body?: unknown;
  /** The raw body, sent as is (for malformed JSON). */
  readonly rawBody?: string;
  /** The Authorization header; the harness secret by default, null for none. */
  readonly authorization?: string | null;
  readonly contentType?: string;
}

export interface ScimAnswerForTest {
  readonly status: number;
  readonly headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read SCIM JSON freely
  readonly body: any;
}

export interface ScimHarness {
  readonly secret: string;
  readonly dynamo: LocalDynamo;
  readonly dependencies: ScimApiDependencies;
  readonly store: DirectoryStore;
  call(method: string, path: string, request?: ScimTestRequest): Promise<ScimAnswerForTest>;
  /** A sender for `replayScimFixture`. */
  readonly send: ScimSend;
  /** The logger's output lines (JSON), to check nothing secret is logged. */
  readonly logLines: string[];
  stop(): Promise<void>;
}

/** A table per harness, so test files sharing a dynalite never share data. */
export async function startScimHarness(
  dynamo?: LocalDynamo,
  options: {
    readonly sessions?: SessionRevoker;
    /** More environment, e.g. the audit harness's `env` to audit the changes. */
    readonly env?: Readonly<Record<string, string>>;
  } = {},
): Promise<ScimHarness> {
  const ownDynamo = dynamo === undefined;
  const db = dynamo ?? (await startLocalDynamo());
  const tableName = `directory-${randomUUID()}`;
  const tableEnv = await createLocalDirectoryTable(db.client, tableName);
  const secret = randomBytes(32).toString('base64url');
  const logLines: string[] = [];
  const logger = new Logger({
    serviceName: 'scim-api',
    logLevel: 'INFO',
  });
  // Powertools writes through console; keep the lines for assertions instead of printing them.
  const capture = (line: unknown) => logLines.push(String(line));
  Object.assign(logger, {
    console: { info: capture, error: capture, warn: capture, debug: capture, log: capture },
  });
  const dependencies = createScimDependencies({
    logger,
    env: { ...options.env, ...tableEnv, SCIM_TOKEN_SHA256: sha256Hex(secret) },
    client: db.client,
    ...(options.sessions ? { sessions: options.sessions } : {}),
  });
  const call = async (
    method: string,
    path: string,
    request: ScimTestRequest = {},
  ): Promise<ScimAnswerForTest> => {
    const result = await handleScimRequest(proxyEvent(method, path, secret, request), dependencies);
    return {
      status: result.statusCode,
      headers: Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
      ),
      body: result.body ? JSON.parse(result.body) : undefined,
    };
  };
  return {
    secret,
    dynamo: db,
    dependencies,
    store: dependencies.directory,
    call,
    send: async (method, path, body) => {
      const answer = await call(method, path, { body });
      return { status: answer.status, body: answer.body };
    },
    logLines,
    stop: async () => {
      if (ownDynamo) await db.stop();
    },
  };
}

/** The proxy event API Gateway sends for `method <stage>/scim/v2/<path>`. */
export function proxyEvent(
  method: string,
  path: string,
  secret: string,
  request: ScimTestRequest = {},
): APIGatewayProxyEvent {
  const [proxy = '', queryText] = path.split(/\?(.*)/s, 2);
  const query = queryText
    ? Object.fromEntries(
        queryText.split('&').map((pair) => {
          const [name = '', value = ''] = pair.split(/=(.*)/s, 2);
          return [name, value];
        }),
      )
    : null;
  const headers: Record<string, string> = { Host: 'api.example.test' };
  const authorization =
    request.authorization === undefined ? `Bearer ${secret}` : request.authorization;
  if (authorization !== null) headers['Authorization'] = authorization;
  const body =
    request.rawBody ?? (request.body === undefined ? null : JSON.stringify(request.body));
  if (body !== null) headers['Content-Type'] = request.contentType ?? 'application/scim+json';
  return {
    resource: `${SCIM_BASE_PATH}/{proxy+}`,
    path: `${SCIM_BASE_PATH}/${proxy}`,
    httpMethod: method,
    headers,
    multiValueHeaders: {},
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy },
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      requestId: randomUUID(),
      path: `/v1${SCIM_BASE_PATH}/${proxy}`,
      stage: 'v1',
      domainName: 'api.example.test',
    } as APIGatewayProxyEvent['requestContext'],
  };
}
