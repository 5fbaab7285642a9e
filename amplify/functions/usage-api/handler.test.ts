import { Logger } from '@aws-lambda-powertools/logger';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { ERROR_STATUS, type ErrorCode, isErrorCode } from '../../contract/errors.ts';
import { type Caller, encodeCaller } from '../shared/authorizer-context.ts';
import { UsageLedger } from '../shared/usage-ledger.ts';
import { createDependencies, type UsageApiDependencies } from './dependencies.ts';
import { createUsageRouter } from './router.ts';

/** The `exp` of the fixtures' tokens: an hour from the start of the run. */
const TOKEN_EXP = Math.floor(Date.now() / 1000) + 3600;

const NOW = new Date('2026-11-24T15:00:00Z');
const alice: Caller = {
  sub: 'sub-alice',
  username: 'alice',
  email: '',
  groups: ['MLUsers'],
  claims: {},
};
const bob: Caller = { sub: 'sub-bob', username: 'bob', email: '', groups: ['MLUsers'], claims: {} };
const admin: Caller = {
  sub: 'sub-admin',
  username: 'admin',
  email: '',
  groups: ['Administrators'],
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
    env: { ...dynamo.env, ALLOWED_ORIGINS: 'http://localhost:4200', HISTORY_RETENTION_DAYS: '30' },
    client: dynamo.client,
    now: () => NOW,
  });
});
afterAll(async () => {
  await dynamo?.stop();
});

/** Calls the handler as API Gateway would, with the authorizer context of `caller`. */
async function call(
  caller: Caller | undefined,
  method: string,
  resource: string,
  options: { path?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
) {
  const event = {
    httpMethod: method,
    resource,
    path: resource,
    headers: { origin: 'http://localhost:4200', 'content-type': 'application/json' },
    pathParameters: options.path ?? null,
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      authorizer: caller ? { ...encodeCaller(caller, TOKEN_EXP) } : undefined,
    },
  } as unknown as APIGatewayProxyEvent;
  const result = await createUsageRouter(deps).resolve(event);
  return { status: result.statusCode, headers: result.headers, body: JSON.parse(result.body) };
}

const ONE = '/history/conversations/{conversationId}';
const save = (caller: Caller, id: string, content: string) =>
  call(caller, 'PUT', ONE, {
    path: { conversationId: id },
    body: { modelId: 'model-a', messages: [{ role: 'user', content }] },
  });

describe('conversation history through the handler', () => {
  it("saves, lists, opens, renames and deletes the owner's conversation", async () => {
    const saved = await save(alice, 'conv-alice-1', 'How do budgets work?\nsecond line');
    expect(saved.status).toBe(200);
    expect(saved.headers?.['access-control-allow-origin']).toBe('http://localhost:4200');
    expect(saved.body.data).toMatchObject({ title: 'How do budgets work?', messageCount: 1 });

    const list = await call(alice, 'GET', '/history/conversations');
    expect(
      list.body.data.conversations.map((c: { conversationId: string }) => c.conversationId),
    ).toEqual(['conv-alice-1']);
    expect(list.body.data.conversations[0].messages).toBeUndefined();

    const opened = await call(alice, 'GET', ONE, { path: { conversationId: 'conv-alice-1' } });
    expect(opened.body.data.messages).toEqual([
      { role: 'user', content: 'How do budgets work?\nsecond line' },
    ]);

    const renamed = await call(alice, 'PATCH', ONE, {
      path: { conversationId: 'conv-alice-1' },
      body: { title: 'Budgets' },
    });
    expect(renamed.body.data.title).toBe('Budgets');

    expect(
      (await call(alice, 'DELETE', ONE, { path: { conversationId: 'conv-alice-1' } })).status,
    ).toBe(200);
    expect(
      (await call(alice, 'GET', ONE, { path: { conversationId: 'conv-alice-1' } })).status,
    ).toBe(404);
  });

  it('never lets another user read, rename or delete a conversation', async () => {
    await save(alice, 'conv-private', 'alice secret');
    const target = { path: { conversationId: 'conv-private' } };

    const read = await call(bob, 'GET', ONE, target);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('CONVERSATION_NOT_FOUND');
    expect(JSON.stringify(read.body)).not.toContain('alice secret');

    const rename = await call(bob, 'PATCH', ONE, { ...target, body: { title: 'mine now' } });
    expect(rename.status).toBe(404);
    const remove = await call(bob, 'DELETE', ONE, target);
    expect(remove.status).toBe(404);
    // Even an administrator cannot open someone else's history.
    expect((await call(admin, 'GET', ONE, target)).status).toBe(404);

    const bobList = await call(bob, 'GET', '/history/conversations');
    expect(bobList.body.data.conversations).toEqual([]);

    // Bob saving under the same id writes his own conversation, never Alice's.
    await save(bob, 'conv-private', 'bob text');
    const aliceView = await call(alice, 'GET', ONE, target);
    expect(aliceView.body.data).toMatchObject({
      title: 'alice secret',
      messages: [{ role: 'user', content: 'alice secret' }],
    });

    // A list cursor made from Alice's key is refused for Bob.
    const forged = Buffer.from(
      JSON.stringify({ owner: 'sub-alice', conversationId: 'x', updatedAt: 'z' }),
    ).toString('base64url');
    const paged = await call(bob, 'GET', '/history/conversations', { query: { cursor: forged } });
    expect(paged.status).toBe(400);
  });

  it('lists newest first in pages of 50 with a cursor', async () => {
    const carol: Caller = { ...alice, sub: 'sub-carol', username: 'carol' };
    const times = Array.from({ length: 55 }, (_, i) => new Date(NOW.getTime() + i * 1000));
    for (const [i, at] of times.entries()) {
      const paged = createDependencies({
        logger,
        env: { ...dynamo.env, HISTORY_RETENTION_DAYS: '30' },
        client: dynamo.client,
        now: () => at,
      });
      await paged.conversations.save(carol.sub, `carol-${String(i).padStart(2, '0')}`, {
        modelId: 'model-a',
        messages: [{ role: 'user', content: `question ${i}` }],
      });
    }
    const first = await call(carol, 'GET', '/history/conversations');
    const ids = first.body.data.conversations.map(
      (c: { conversationId: string }) => c.conversationId,
    );
    expect(ids).toHaveLength(50);
    expect(ids[0]).toBe('carol-54');
    expect(first.body.data.nextCursor).toEqual(expect.any(String));
    const second = await call(carol, 'GET', '/history/conversations', {
      query: { cursor: first.body.data.nextCursor },
    });
    expect(
      second.body.data.conversations.map((c: { conversationId: string }) => c.conversationId),
    ).toEqual(['carol-04', 'carol-03', 'carol-02', 'carol-01', 'carol-00']);
    expect(second.body.data.nextCursor).toBeUndefined();
  });

  it("searches titles and messages in any case, only among the caller's own, and pages on", async () => {
    const dave: Caller = { ...alice, sub: 'sub-dave', username: 'dave' };
    const erin: Caller = { ...alice, sub: 'sub-erin', username: 'erin' };
    // 230 conversations: more than the pages one search reads (4 of 50), so it must go on.
    // Written straight to the table in batches (230 saves through the store are slow here).
    const items = Array.from({ length: 230 }, (_, i) => {
      const at = new Date(NOW.getTime() + i * 1000).toISOString();
      return {
        owner: dave.sub,
        conversationId: `dave-${String(i).padStart(3, '0')}`,
        title: i === 200 ? 'Key rotation plan' : `question ${i}`,
        modelId: 'model-a',
        messageCount: 2,
        createdAt: at,
        updatedAt: at,
        messages: [
          { role: 'user', content: i === 3 ? 'How do I rotate a KMS Key?' : `question ${i}` },
          { role: 'assistant', content: i === 120 ? 'Rotate the KEY yearly.' : 'answer' },
        ],
      };
    });
    for (let start = 0; start < items.length; start += 25)
      await dynamo.client.send(
        new BatchWriteCommand({
          RequestItems: {
            [dynamo.tableNames.conversations]: items
              .slice(start, start + 25)
              .map((Item) => ({ PutRequest: { Item } })),
          },
        }),
      );
    await deps.conversations.save(erin.sub, 'erin-key-1', {
      modelId: 'model-a',
      messages: [{ role: 'user', content: 'my key question' }],
    });
    const ids = (page: { body: { data: { conversations: { conversationId: string }[] } } }) =>
      page.body.data.conversations.map((c) => c.conversationId);
    const first = await call(dave, 'GET', '/history/conversations', { query: { q: '  KEY ' } });
    expect(first.status).toBe(200);
    // Newest first: the title match (200), the answer match (120); 3 is beyond four pages.
    expect(ids(first)).toEqual(['dave-200', 'dave-120']);
    expect(first.body.data.nextCursor).toEqual(expect.any(String));
    const rest = await call(dave, 'GET', '/history/conversations', {
      query: { q: 'key', cursor: first.body.data.nextCursor },
    });
    expect(ids(rest)).toEqual(['dave-003']);
    expect(rest.body.data.nextCursor).toBeUndefined();
    // The listed conversations carry no messages.
    expect(rest.body.data.conversations[0]).not.toHaveProperty('messages');
    const none = await call(dave, 'GET', '/history/conversations', { query: { q: 'zebra' } });
    expect(none.body.data.conversations).toEqual([]);
    // A short list is read once: each match once, no cursor.
    const erins = await call(erin, 'GET', '/history/conversations', { query: { q: 'key' } });
    expect(ids(erins)).toEqual(['erin-key-1']);
    expect(erins.body.data.nextCursor).toBeUndefined();
    // A blank search is no search: the first 50, as listed.
    const blank = await call(dave, 'GET', '/history/conversations', { query: { q: '   ' } });
    expect(ids(blank)).toHaveLength(50);
    expect(ids(blank)[0]).toBe('dave-229');
    const tooLong = await call(dave, 'GET', '/history/conversations', {
      query: { q: 'x'.repeat(101) },
    });
    expect(tooLong).toMatchObject({
      status: 400,
      body: { error: { field: 'q', message: 'q must be at most 100 characters' } },
    });
    const longest = await call(dave, 'GET', '/history/conversations', {
      query: { q: 'x'.repeat(100) },
    });
    expect(longest.status).toBe(200);
    // A full page of matches answers at once, with a cursor for the rest.
    const many = await call(dave, 'GET', '/history/conversations', { query: { q: 'question' } });
    expect(ids(many)).toHaveLength(50);
    expect(ids(many)[0]).toBe('dave-229');
    expect(many.body.data.nextCursor).toEqual(expect.any(String));
  });

  it("keeps a conversation's settings with it until a save leaves them out", async () => {
    const path = { conversationId: 'conv-settings-1' };
    const messages = [{ role: 'user', content: 'hi' }];
    const settings = { system: 'Answer in French.', temperature: 0.2, maxTokens: 300 };
    const saved = await call(alice, 'PUT', ONE, {
      path,
      body: { modelId: 'm', messages, settings },
    });
    expect(saved.status).toBe(200);
    // The summary (and so the list) does not carry them; the conversation does.
    expect(saved.body.data).not.toHaveProperty('settings');
    expect((await call(alice, 'GET', ONE, { path })).body.data.settings).toEqual(settings);
    await call(alice, 'PUT', ONE, { path, body: { modelId: 'm', messages } });
    expect((await call(alice, 'GET', ONE, { path })).body.data).not.toHaveProperty('settings');
    // Empty settings are the model's defaults: nothing is stored.
    await call(alice, 'PUT', ONE, { path, body: { modelId: 'm', messages, settings: {} } });
    expect((await call(alice, 'GET', ONE, { path })).body.data).not.toHaveProperty('settings');
    const hot = await call(alice, 'PUT', ONE, {
      path,
      body: { modelId: 'm', messages, settings: { temperature: 2 } },
    });
    expect(hot).toMatchObject({ status: 400, body: { error: { field: 'settings.temperature' } } });
    const odd = await call(alice, 'PUT', ONE, {
      path,
      body: { modelId: 'm', messages, settings: { topK: 5 } },
    });
    expect(odd.status).toBe(400);
  });

  it('rejects bad ids and bodies with the offending field', async () => {
    const badId = await call(alice, 'GET', ONE, { path: { conversationId: '../x' } });
    expect(badId).toMatchObject({ status: 400, body: { error: { field: 'conversationId' } } });
    const badBody = await call(alice, 'PUT', ONE, {
      path: { conversationId: 'conv-bad-body' },
      body: { modelId: 'model-a', messages: [{ role: 'system', content: 'x' }] },
    });
    expect(badBody).toMatchObject({ status: 400, body: { error: { field: 'messages.0.role' } } });
    const emptyTitle = await call(alice, 'PATCH', ONE, {
      path: { conversationId: 'conv-bad-body' },
      body: { title: '  ' },
    });
    expect(emptyTitle).toMatchObject({ status: 400, body: { error: { field: 'title' } } });
  });

  it('answers 401 without a caller', async () => {
    expect((await call(undefined, 'GET', '/history/conversations')).status).toBe(401);
  });
});

describe('usage routes through the handler', () => {
  beforeAll(async () => {
    const ledger = new UsageLedger({
      client: dynamo.client,
      tableName: dynamo.tableNames.usage,
      now: () => NOW,
    });
    const record = async (caller: Caller, modelId: string, input: number, output: number) =>
      ledger.settle(
        await ledger.reserve(caller, modelId, { inputTokens: input, outputTokens: output }),
        {
          requestId: `${caller.sub}-${modelId}-${input}`,
          charged: { inputTokens: input, outputTokens: output },
          latencyMs: 50,
          status: 'ok',
        },
      );
    await record(alice, 'claude-sonnet-4', 1000, 2000);
    await record(alice, 'claude-sonnet-4', 3000, 0);
    await record(bob, 'nova-lite', 10_000, 5000);
  });

  it('shows the caller their own standing only', async () => {
    const { status, body } = await call(alice, 'GET', '/usage/me');
    expect(status).toBe(200);
    expect(body.data.day).toMatchObject({
      usedTokens: 6000,
      limitTokens: 200_000,
      requests: 2,
      resetsAt: '2026-11-25T00:00:00.000Z',
    });
    expect(body.data.month.resetsAt).toBe('2026-12-01T00:00:00.000Z');
    expect(body.data.byModel).toEqual([
      {
        modelId: 'claude-sonnet-4',
        requests: 2,
        inputTokens: 4000,
        outputTokens: 2000,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        // 4 x 0.003 + 2 x 0.015
        estimatedCostUsd: 0.042,
      },
    ]);
  });

  it('gives Administrators usage per user, group and model with costs, and nobody else', async () => {
    expect((await call(alice, 'GET', '/usage/report')).status).toBe(403);
    const { status, body } = await call(admin, 'GET', '/usage/report', {
      query: { from: '2026-11-20', to: '2026-11-24' },
    });
    expect(status).toBe(200);
    const report = body.data;
    expect(report.totals).toMatchObject({ requests: 3, inputTokens: 14_000, outputTokens: 7000 });
    expect(report.byUser.map((u: { username: string }) => u.username)).toEqual(['bob', 'alice']);
    expect(report.byGroup).toEqual([expect.objectContaining({ group: 'MLUsers', requests: 3 })]);
    // 10 x 0.00006 + 5 x 0.00024
    expect(report.byModel[0]).toMatchObject({
      modelId: 'nova-lite',
      estimatedCostUsd: 0.0018,
    });
    expect(report.byDay).toEqual([expect.objectContaining({ day: '2026-11-24', requests: 3 })]);
  });

  it('validates the report range', async () => {
    for (const query of [
      { from: '2026-11-31', to: '2026-12-01' },
      { from: '2026-11-24', to: '2026-11-01' },
      { from: '2026-01-01', to: '2026-11-24' },
    ]) {
      const { status, body } = await call(admin, 'GET', '/usage/report', { query });
      expect(status).toBe(400);
      expect(body.error.code).toBe('BAD_REQUEST');
    }
  });
});

describe('error codes', () => {
  it('answers a route it does not serve with a code from the contract', async () => {
    const { status, body } = await call(alice, 'GET', '/usage/unknown');
    expect(status).toBe(404);
    expect(isErrorCode(body.error.code)).toBe(true);
    expect(body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(ERROR_STATUS[body.error.code as ErrorCode]).toBe(status);
  });
});
