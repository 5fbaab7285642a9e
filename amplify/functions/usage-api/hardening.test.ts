import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { type Caller, encodeCaller } from '../shared/authorizer-context.ts';
import { createDependencies, type UsageApiDependencies } from './dependencies.ts';
import { createUsageRouter } from './router.ts';

const NOW = new Date('2026-11-24T15:00:00Z');
const LIVE_EXP = NOW.getTime() / 1000 + 3600;
const MAX_BODY_BYTES = 65_536;
const MAX_CONVERSATIONS = 3;
const MAX_MESSAGES = 4;
const ONE = '/history/conversations/{conversationId}';

const carol: Caller = {
  sub: 'sub-carol',
  username: 'carol',
  email: '',
  groups: ['MLUsers'],
  claims: {},
};

/** Logs kept at error level: the tests read answers, not log lines. */
const logger = new Logger({ serviceName: 'usage-api', logLevel: 'ERROR' });

let dynamo: LocalDynamo;
let deps: UsageApiDependencies;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
  deps = createDependencies({
    logger,
    env: {
      ...dynamo.env,
      ALLOWED_ORIGINS: 'http://localhost:4200',
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      MAX_CONVERSATIONS_PER_USER: String(MAX_CONVERSATIONS),
      MAX_MESSAGES_PER_CONVERSATION: String(MAX_MESSAGES),
    },
    client: dynamo.client,
    now: () => NOW,
  });
});
afterAll(async () => {
  await dynamo?.stop();
});

interface Request {
  method: string;
  resource: string;
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  authorizer?: Record<string, unknown>;
}

/** Calls the handler as API Gateway does: no Content-Length for a chunked body, exp as a string. */
async function call(request: Request) {
  const event = {
    httpMethod: request.method,
    resource: request.resource,
    path: request.resource,
    headers: { 'content-type': 'application/json', ...request.headers },
    pathParameters: request.path ?? null,
    queryStringParameters: request.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: request.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-h',
      authorizer: request.authorizer ?? { ...encodeCaller(carol, LIVE_EXP), exp: String(LIVE_EXP) },
    },
  } as unknown as APIGatewayProxyEvent;
  const result = await createUsageRouter(deps).resolve(event);
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

const conversation = (messages: number, content = 'hello') =>
  JSON.stringify({
    modelId: 'model-a',
    messages: Array.from({ length: messages }, (_, index) => ({
      role: index % 2 === 0 ? 'user' : 'assistant',
      content,
    })),
  });

const put = (id: string, body: string, headers?: Record<string, string>) =>
  call({ method: 'PUT', resource: ONE, path: { conversationId: id }, body, headers });

describe('usage API request bodies', () => {
  it('refuses a 3 MB chunked PUT (no Content-Length) with 413 and stores nothing', async () => {
    const big = conversation(1, 'x'.repeat(3 * 1024 * 1024));
    const { status, body } = await put('conv-chunked-1', big, { 'transfer-encoding': 'chunked' });
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'body' });
    const opened = await call({
      method: 'GET',
      resource: ONE,
      path: { conversationId: 'conv-chunked-1' },
    });
    expect(opened.status).toBe(404);
  });

  it('counts bytes, not characters, against the limit', async () => {
    // 20,000 three-byte characters: well under the limit in characters, over it in bytes.
    const { status } = await put('conv-bytes-1', conversation(1, '€'.repeat(22_000)));
    expect(status).toBe(413);
  });

  it('refuses a body that is not application/json with 415', async () => {
    const { status, body } = await put('conv-type-1', conversation(1), {
      'content-type': 'text/plain',
    });
    expect(status).toBe(415);
    expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a rename body over the limit as well', async () => {
    const { status } = await call({
      method: 'PATCH',
      resource: ONE,
      path: { conversationId: 'conv-any-1' },
      body: JSON.stringify({ title: 't', padding: ' '.repeat(MAX_BODY_BYTES) }),
    });
    expect(status).toBe(413);
  });
});

describe('history caps', () => {
  it(`keeps at most ${MAX_MESSAGES} messages in a conversation`, async () => {
    expect((await put('conv-msgs-1', conversation(MAX_MESSAGES - 1))).status).toBe(200);
    const over = await put('conv-msgs-1', conversation(MAX_MESSAGES + 1));
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'messages' });
    expect(over.body.error.message).toContain(`at most ${MAX_MESSAGES} messages`);
  });

  it(`keeps at most ${MAX_CONVERSATIONS} conversations per user, yet lets them be updated`, async () => {
    const dave = { ...carol, sub: 'sub-dave', username: 'dave' };
    const as = (id: string) =>
      call({
        method: 'PUT',
        resource: ONE,
        path: { conversationId: id },
        body: conversation(1),
        authorizer: { ...encodeCaller(dave, LIVE_EXP) },
      });
    for (let index = 1; index <= MAX_CONVERSATIONS; index++)
      expect((await as(`conv-dave-${index}`)).status).toBe(200);
    const refused = await as('conv-dave-new');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONVERSATION_LIMIT');
    // Saving an existing one again is an update, not a new conversation.
    expect((await as('conv-dave-1')).status).toBe(200);
    // Deleting one makes room.
    await call({
      method: 'DELETE',
      resource: ONE,
      path: { conversationId: 'conv-dave-2' },
      authorizer: { ...encodeCaller(dave, LIVE_EXP) },
    });
    expect((await as('conv-dave-new')).status).toBe(200);
  });
});

describe('list cursors', () => {
  const cursor = (key: Record<string, unknown>) =>
    Buffer.from(JSON.stringify(key)).toString('base64url');
  const list = (value: string) =>
    call({ method: 'GET', resource: '/history/conversations', query: { cursor: value } });

  it.each([
    ['an extra field', { owner: 'sub-carol', conversationId: 'a', updatedAt: 'b', extra: 1 }],
    ['a key of the wrong type', { owner: 'sub-carol', conversationId: 1, updatedAt: 'b' }],
    ['a missing key', { owner: 'sub-carol', conversationId: 'a' }],
    ['a nested value', { owner: 'sub-carol', conversationId: { S: 'a' }, updatedAt: 'b' }],
  ])('with %s answers 400, not 500', async (_name, key) => {
    const { status, body } = await list(cursor(key));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'cursor' });
  });

  it('that the list itself returned still pages', async () => {
    const eve = { ...carol, sub: 'sub-eve', username: 'eve' };
    const authorizer = { ...encodeCaller(eve, LIVE_EXP) };
    const roomy = createDependencies({
      logger,
      env: { ...dynamo.env, MAX_CONVERSATIONS_PER_USER: '100' },
      client: dynamo.client,
      now: () => NOW,
    });
    for (let index = 0; index < 51; index++)
      await roomy.conversations.save(eve.sub, `conv-eve-${String(index).padStart(2, '0')}`, {
        modelId: 'model-a',
        messages: [{ role: 'user', content: 'hi' }],
      });
    const first = await call({ method: 'GET', resource: '/history/conversations', authorizer });
    const next = first.body.data.nextCursor as string;
    const second = await call({
      method: 'GET',
      resource: '/history/conversations',
      query: { cursor: next },
      authorizer,
    });
    expect(second.status).toBe(200);
    expect(second.body.data.conversations).toHaveLength(1);
  });
});

describe('the caller', () => {
  it('is refused with 401 in the envelope once its token has expired', async () => {
    const expired = NOW.getTime() / 1000;
    const { status, body } = await call({
      method: 'GET',
      resource: '/history/conversations',
      authorizer: { ...encodeCaller(carol, expired), exp: String(expired) },
    });
    expect(status).toBe(401);
    expect(body).toMatchObject({
      success: false,
      error: { code: 'UNAUTHORIZED', message: 'The access token has expired; sign in again' },
      requestId: 'req-h',
    });
  });

  it('with comma-joined groups is refused, so a comma cannot make an Administrator', async () => {
    const { status } = await call({
      method: 'GET',
      resource: '/usage/report',
      authorizer: { ...encodeCaller(carol, LIVE_EXP), groups: 'MLUsers,Administrators' },
    });
    expect(status).toBe(401);
  });
});
