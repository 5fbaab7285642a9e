import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import { readCaller, refusalMessage, type Caller } from '../shared/authorizer-context.ts';
import { BodyRejection, readJsonBody } from '../shared/json-body.ts';
import { loadConfig, type UsageApiConfig } from './config.ts';
import {
  ConversationStore,
  parseConversationId,
  renameConversationSchema,
  saveConversationSchema,
} from './conversations.ts';
import { ApiError, badRequest, forbidden } from './errors.ts';
import { errorResult, responseHeaders, successResult } from '../shared/envelope.ts';
import { reportRange, UsageReader } from './usage-report.ts';

/** The pieces a request needs; built once per container, injectable for tests. */
export interface UsageApiDependencies {
  readonly config: UsageApiConfig;
  readonly conversations: ConversationStore;
  readonly usage: UsageReader;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** Builds the dependencies from the environment and a DynamoDB document client. */
export function createDependencies(
  env: NodeJS.ProcessEnv = process.env,
  client: DynamoDBDocumentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
  now: () => Date = () => new Date(),
): UsageApiDependencies {
  const config = loadConfig(env);
  return {
    config,
    conversations: new ConversationStore({
      client,
      tableName: config.conversationsTable,
      retentionDays: config.historyRetentionDays,
      maxConversations: config.maxConversationsPerUser,
      now,
    }),
    usage: new UsageReader({ client, tableName: config.usageTable, now }),
    logger: new Logger({ serviceName: 'usage-api' }),
    now,
  };
}

type Route = (
  caller: Caller,
  event: APIGatewayProxyEvent,
  deps: UsageApiDependencies,
) => Promise<{ data: unknown; status?: number }>;

/** Handlers by `METHOD resource`, the resource being the route table's path template. */
const ROUTE_HANDLERS: Record<string, Route> = {
  'GET /usage/me': async (caller, _event, deps) => ({ data: await deps.usage.ownUsage(caller) }),
  'GET /usage/report': async (caller, event, deps) => {
    // The authorizer already limits this route to Administrators; checked again here.
    if (!caller.groups.includes('Administrators'))
      throw forbidden('Only Administrators may read the usage report');
    const range = reportRange(
      event.queryStringParameters ?? {},
      deps.config.reportMaxDays,
      deps.now(),
    );
    if (typeof range === 'string') throw badRequest(range);
    return { data: await deps.usage.report(range.from, range.to) };
  },
  'GET /history/conversations': async (caller, event, deps) => ({
    data: await deps.conversations.list(caller.sub, event.queryStringParameters?.['cursor']),
  }),
  'GET /history/conversations/{conversationId}': async (caller, event, deps) => ({
    data: await deps.conversations.get(caller.sub, conversationIdOf(event)),
  }),
  'PUT /history/conversations/{conversationId}': async (caller, event, deps) => ({
    data: await deps.conversations.save(
      caller.sub,
      conversationIdOf(event),
      parseBody(
        event,
        saveConversationSchema(deps.config.maxMessagesPerConversation),
        deps.config.maxBodyBytes,
      ),
    ),
  }),
  'PATCH /history/conversations/{conversationId}': async (caller, event, deps) => ({
    data: await deps.conversations.rename(
      caller.sub,
      conversationIdOf(event),
      parseBody(event, renameConversationSchema, deps.config.maxBodyBytes).title,
    ),
  }),
  'DELETE /history/conversations/{conversationId}': async (caller, event, deps) => {
    const conversationId = conversationIdOf(event);
    await deps.conversations.delete(caller.sub, conversationId);
    return { data: { conversationId, deleted: true } };
  },
};

function conversationIdOf(event: APIGatewayProxyEvent): string {
  return parseConversationId(event.pathParameters?.['conversationId']);
}

function parseBody<S extends z.ZodType>(
  event: APIGatewayProxyEvent,
  schema: S,
  maxBodyBytes: number,
): z.infer<S> {
  let json: unknown;
  try {
    json = readJsonBody(event, maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyRejection)) throw error;
    throw new ApiError(error.status, error.code, error.message, error.field);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw badRequest(`${field || 'body'}: ${issue.message}`, field || undefined);
  }
  return parsed.data;
}

/** Serves one request of the usage routes with the given dependencies. */
export async function handleRequest(
  event: APIGatewayProxyEvent,
  deps: UsageApiDependencies,
): Promise<APIGatewayProxyResult> {
  const requestId = event.requestContext?.requestId ?? '';
  const origin = event.headers?.['origin'] ?? event.headers?.['Origin'];
  const headers = responseHeaders(origin, deps.config.allowedOrigins);
  const { caller, refusal } = readCaller(event.requestContext?.authorizer, deps.now().getTime());
  if (!caller)
    return errorResult(
      new ApiError(401, 'UNAUTHORIZED', refusalMessage(refusal)),
      requestId,
      headers,
    );
  const route = ROUTE_HANDLERS[`${event.httpMethod} ${event.resource}`];
  if (!route)
    return errorResult(
      new ApiError(404, 'ROUTE_NOT_FOUND', `No route ${event.httpMethod} ${event.resource}`),
      requestId,
      headers,
    );
  try {
    const { data, status } = await route(caller, event, deps);
    return successResult(data, requestId, headers, status);
  } catch (error) {
    if (error instanceof ApiError) return errorResult(error, requestId, headers);
    // Names only: no body, no conversation content in the logs.
    deps.logger.error('usage-api request failed', {
      route: `${event.httpMethod} ${event.resource}`,
      errorName: error instanceof Error ? error.name : typeof error,
      requestId,
    });
    return errorResult(
      new ApiError(500, 'INTERNAL_ERROR', 'The request could not be completed'),
      requestId,
      headers,
    );
  }
}

let dependencies: UsageApiDependencies | undefined;

/** Lambda entry point (REST API proxy integration). */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  dependencies ??= createDependencies();
  return handleRequest(event, dependencies);
}
