import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { ATTACHMENT_SUMMARY_CHARS } from '../../contract/history-bodies.ts';
import {
  ConversationStore,
  MAX_CONVERSATION_CHARS,
  MAX_TITLE_CHARS,
  parseConversationId,
  renameConversationSchema,
  saveConversationSchema as saveSchemaFor,
} from './conversations.ts';

/** The messages cap these cases use (a setting in deployments). */
const MAX_MESSAGES = 200;
/** The conversations cap: high enough that no case here reaches it. */
const MAX_CONVERSATIONS = 10_000;
const saveConversationSchema = saveSchemaFor(MAX_MESSAGES);
/** A valid body for a save. */
const saveBody = { modelId: 'model-a', messages: [{ role: 'user' as const, content: 'hi' }] };

const rejection = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('parseConversationId', () => {
  it('accepts 8 to 64 letters, digits, - and _', () => {
    for (const id of ['abcd-12_', 'A'.repeat(64), 'conv_2026-11-24_x9'])
      expect(parseConversationId(id)).toBe(id);
  });

  it('refuses the whole id unless every character is allowed, at either end too', () => {
    // Without anchors a valid run inside the id would pass, and any key could be addressed.
    for (const id of [
      '../conv-alice',
      'conv-alice/..',
      'conv alice 1',
      'conv-alice#SK',
      'conv.alice',
    ])
      expect(
        rejection(() => parseConversationId(id)),
        id,
      ).toMatchObject({
        status: 400,
        code: 'BAD_REQUEST',
        field: 'conversationId',
        message: 'conversationId must be 8-64 letters, digits, - or _',
      });
  });

  it('refuses ids shorter than 8 or longer than 64 characters, and a missing id', () => {
    for (const id of ['abcdefg', 'a'.repeat(65), '', undefined])
      expect(
        rejection(() => parseConversationId(id)),
        String(id),
      ).toMatchObject({
        status: 400,
        field: 'conversationId',
      });
  });
});

describe('saveConversationSchema', () => {
  const message = (content: string) => ({ role: 'user' as const, content });
  const body = (messages: { role: 'user' | 'assistant'; content: string }[]) => ({
    modelId: 'model-a',
    messages,
  });

  it('accepts a conversation of exactly the largest total size', () => {
    const half = MAX_CONVERSATION_CHARS / 2;
    const parsed = saveConversationSchema.safeParse(
      body([message('a'.repeat(half)), { role: 'assistant', content: 'b'.repeat(half) }]),
    );
    expect(parsed.success).toBe(true);
  });

  it('refuses a conversation whose messages together pass the size limit, naming the field', () => {
    const half = MAX_CONVERSATION_CHARS / 2;
    // Each message is well under the limit; only their sum is too large.
    const parsed = saveConversationSchema.safeParse(
      body([message('a'.repeat(half)), message('b'.repeat(half + 1))]),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({
        path: ['messages'],
        message: `messages may hold at most ${MAX_CONVERSATION_CHARS} characters`,
      }),
    ]);
  });

  it('keeps the model an answer names (a conversation may change model), and checks it', () => {
    const messages = [
      { role: 'user' as const, content: 'q' },
      { role: 'assistant' as const, content: 'a', modelId: 'model-b' },
    ];
    expect(saveConversationSchema.parse({ ...saveBody, messages }).messages[1]).toEqual({
      role: 'assistant',
      content: 'a',
      modelId: 'model-b',
    });
    const empty = [{ role: 'assistant' as const, content: 'a', modelId: '' }];
    expect(saveConversationSchema.safeParse({ ...saveBody, messages: empty }).success).toBe(false);
  });

  it('counts the attachments’ summaries into the conversation’s characters', () => {
    const named = (length: number) => ({
      kind: 'document' as const,
      format: 'pdf' as const,
      name: 'n'.repeat(length),
      bytes: 1,
    });
    // 25 summaries of ATTACHMENT_SUMMARY_CHARS + 200 each, per message, up to the limit.
    const perMessage = 25 * (ATTACHMENT_SUMMARY_CHARS + 200);
    const fits = Math.floor(MAX_CONVERSATION_CHARS / perMessage);
    const messages = (count: number) =>
      Array.from({ length: count }, () => ({
        role: 'user' as const,
        content: '',
        attachments: Array.from({ length: 25 }, () => named(200)),
      }));
    expect(
      saveConversationSchema.safeParse({ ...saveBody, messages: messages(fits) }).success,
    ).toBe(true);
    expect(
      saveConversationSchema.safeParse({ ...saveBody, messages: messages(fits + 1) }).success,
    ).toBe(false);
  });

  it('keeps what was attached to a prompt (name, kind, format, size), not the bytes', () => {
    const attachments = [
      { kind: 'image' as const, format: 'png' as const, name: 'a.png', bytes: 68 },
    ];
    const messages = [{ role: 'user' as const, content: 'q', attachments }];
    expect(saveConversationSchema.parse({ ...saveBody, messages }).messages[0]).toEqual({
      role: 'user',
      content: 'q',
      attachments,
    });
    for (const wrong of [
      { ...attachments[0], format: 'exe' },
      { ...attachments[0], bytes: -1 },
      { ...attachments[0], data: 'iVBORw0K' },
    ])
      expect(
        saveConversationSchema.safeParse({
          ...saveBody,
          messages: [{ ...messages[0], attachments: [wrong] }],
        }).success,
      ).toBe(false);
  });

  it('holds 1 to MAX_MESSAGES messages, a model id and an optional title', () => {
    expect(saveConversationSchema.safeParse(body([])).success).toBe(false);
    const most = Array.from({ length: MAX_MESSAGES }, () => message('x'));
    expect(saveConversationSchema.safeParse(body(most)).success).toBe(true);
    expect(saveConversationSchema.safeParse(body([...most, message('x')])).success).toBe(false);
    expect(saveConversationSchema.safeParse({ ...body([message('x')]), modelId: '' }).success).toBe(
      false,
    );
    expect(
      saveConversationSchema.safeParse({ ...body([message('x')]), title: '  Budgets  ' }).data
        ?.title,
    ).toBe('Budgets');
  });
});

describe('saveConversationSchema settings', () => {
  it('counts the system prompt into the characters a conversation may hold', () => {
    const half = 'x'.repeat(MAX_CONVERSATION_CHARS / 2);
    const body = (system: string) => ({
      modelId: 'model-a',
      messages: [{ role: 'user' as const, content: half }],
      settings: { system },
    });
    expect(saveConversationSchema.safeParse(body(half)).success).toBe(true);
    const over = saveConversationSchema.safeParse(body(`${half}x`));
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.path).toEqual(['messages']);
  });
});

describe('renameConversationSchema', () => {
  it('takes a trimmed, non-empty title of at most MAX_TITLE_CHARS characters', () => {
    expect(renameConversationSchema.safeParse({ title: ' Plans ' }).data).toEqual({
      title: 'Plans',
    });
    expect(renameConversationSchema.safeParse({ title: '   ' }).error?.issues[0]?.message).toBe(
      'must not be empty',
    );
    expect(renameConversationSchema.safeParse({ title: 'x'.repeat(MAX_TITLE_CHARS) }).success).toBe(
      true,
    );
    expect(
      renameConversationSchema.safeParse({ title: 'x'.repeat(MAX_TITLE_CHARS + 1) }).success,
    ).toBe(false);
  });
});

describe('ConversationStore', () => {
  const NOW = new Date('2026-11-24T15:00:00Z');
  let dynamo: LocalDynamo;
  let store: ConversationStore;
  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    store = storeAt(() => NOW);
  });
  afterAll(async () => {
    await dynamo?.stop();
  });
  const storeAt = (now?: () => Date) =>
    new ConversationStore({
      client: dynamo.client,
      tableName: dynamo.tableNames.conversations,
      retentionDays: 30,
      maxConversations: MAX_CONVERSATIONS,
      now,
    });
  const item = async (owner: string, conversationId: string) =>
    (
      await dynamo.client.send(
        new GetCommand({
          TableName: dynamo.tableNames.conversations,
          Key: { owner, conversationId },
        }),
      )
    ).Item;
  interface Message {
    role: 'user' | 'assistant';
    content: string;
  }
  const user = (content: string): Message => ({ role: 'user', content });
  const assistant = (content: string): Message => ({ role: 'assistant', content });

  it('expires a conversation retentionDays after its last save', async () => {
    await store.save('sub-ttl', 'conv-ttl-1', { modelId: 'model-a', messages: [user('hi')] });
    expect((await item('sub-ttl', 'conv-ttl-1'))?.['expiresAt']).toBe(
      Math.floor(NOW.getTime() / 1000) + 30 * 86_400,
    );
  });

  it('stamps saves with the current time by default', async () => {
    const before = Date.now();
    const saved = await storeAt().save('sub-clock', 'conv-clock', {
      modelId: 'model-a',
      messages: [user('hi')],
    });
    const at = Date.parse(saved.updatedAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it("titles a conversation by its first user message's first line, at most 60 characters", async () => {
    const titleOf = async (id: string, messages: Message[]) =>
      (await store.save('sub-title', id, { modelId: 'model-a', messages })).title;
    expect(await titleOf('conv-t-1', [assistant('Welcome'), user('  Budgets?\nMore detail')])).toBe(
      'Budgets?',
    );
    expect(await titleOf('conv-t-2', [user('x'.repeat(61))])).toBe('x'.repeat(60));
    expect(await titleOf('conv-t-3', [assistant('Only the model spoke')])).toBe(
      'Untitled conversation',
    );
    expect(await titleOf('conv-t-4', [user('   '), assistant('?')])).toBe('Untitled conversation');
  });

  it('summarizes a saved conversation; the first save fixes createdAt, each save moves updatedAt', async () => {
    const later = new Date(NOW.getTime() + 60_000);
    await store.save('sub-sum', 'conv-sum-1', { modelId: 'model-a', messages: [user('q')] });
    const second = await storeAt(() => later).save('sub-sum', 'conv-sum-1', {
      modelId: 'model-b',
      messages: [user('q'), assistant('a'), user('q2')],
    });
    expect(second).toEqual({
      conversationId: 'conv-sum-1',
      title: 'q',
      modelId: 'model-b',
      messageCount: 3,
      createdAt: NOW.toISOString(),
      updatedAt: later.toISOString(),
    });
    expect((await store.list('sub-sum')).conversations).toEqual([second]);
  });

  it('keeps a title across saves without one, and replaces it with a given one', async () => {
    const save = (title?: string) =>
      store.save('sub-keep', 'conv-keep-1', {
        ...(title ? { title } : {}),
        modelId: 'model-a',
        messages: [user(`question ${title ?? 'untitled'}`)],
      });
    expect((await save('Chosen title')).title).toBe('Chosen title');
    expect((await save()).title).toBe('Chosen title');
    expect((await save('Renamed')).title).toBe('Renamed');
  });

  it('answers a list without items with no conversations and no cursor', async () => {
    const empty = new ConversationStore({
      client: { send: async () => ({}) } as unknown as DynamoDBDocumentClient,
      tableName: 't',
      retentionDays: 1,
      maxConversations: MAX_CONVERSATIONS,
    });
    expect(await empty.list('sub-none')).toEqual({ conversations: [] });
  });

  it('refuses a cursor that is not one of ours, naming the field', async () => {
    for (const cursor of ['not base64 json', Buffer.from('[1]').toString('base64url')])
      await expect(store.list('sub-cursor', cursor)).rejects.toMatchObject({
        status: 400,
        message: 'cursor is not valid',
        field: 'cursor',
      });
  });

  it('answers 404 when the store reports a failed condition by name only, and passes other errors on', async () => {
    const failing = (error: Error) =>
      new ConversationStore({
        client: {
          send: async () => {
            throw error;
          },
        } as unknown as DynamoDBDocumentClient,
        tableName: 't',
        retentionDays: 1,
        maxConversations: MAX_CONVERSATIONS,
      });
    const named = Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' });
    await expect(failing(named).rename('o', 'conv-1234', 'T')).rejects.toMatchObject({
      status: 404,
      code: 'CONVERSATION_NOT_FOUND',
    });
    await expect(failing(named).delete('o', 'conv-1234')).rejects.toMatchObject({ status: 404 });
    const outage = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    await expect(failing(outage).rename('o', 'conv-1234', 'T')).rejects.toBe(outage);
    await expect(failing(outage).delete('o', 'conv-1234')).rejects.toBe(outage);
    // A save whose replace fails for another reason must not go on to create the conversation.
    let puts = 0;
    const flaky = new ConversationStore({
      client: {
        send: async (command: { constructor: { name: string } }) => {
          if (command.constructor.name === 'QueryCommand') return { Count: 0 };
          if (++puts === 1) throw outage;
          return {};
        },
      } as unknown as DynamoDBDocumentClient,
      tableName: 't',
      retentionDays: 1,
      maxConversations: MAX_CONVERSATIONS,
    });
    await expect(flaky.save('o', 'conv-1234', saveBody)).rejects.toBe(outage);
    expect(puts).toBe(1);
  });

  it('counts a new conversation against the cap across query pages, asking each page for no more than is left', async () => {
    const queries: { Limit?: number }[] = [];
    const pages = [
      { Count: 1, LastEvaluatedKey: { owner: 'o', conversationId: 'conv-a' } },
      { Count: 2 },
    ];
    const store = new ConversationStore({
      client: {
        send: async (command: { constructor: { name: string }; input: { Limit?: number } }) => {
          if (command.constructor.name === 'QueryCommand') {
            queries.push(command.input);
            return pages.shift();
          }
          // The replace of an existing conversation finds none: this save would create one.
          throw Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' });
        },
      } as unknown as DynamoDBDocumentClient,
      tableName: 't',
      retentionDays: 1,
      maxConversations: 3,
    });
    await expect(store.save('o', 'conv-new', saveBody)).rejects.toMatchObject({
      status: 409,
      code: 'CONVERSATION_LIMIT',
      message: 'You keep 3 conversations, the most allowed; delete one to save another',
    });
    expect(queries.map((query) => query.Limit)).toEqual([3, 2]);
  });
});
