import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { CONVERSATIONS_TABLE, TTL_ATTRIBUTE } from '../../usage/table-definitions.ts';
import { badRequest, conversationNotFound } from './errors.ts';

/** Longest conversation title, in characters. */
export const MAX_TITLE_CHARS = 200;
/** Most messages one conversation keeps. */
export const MAX_MESSAGES = 200;
/** Total characters of a conversation's messages; keeps an item under DynamoDB's 400 KB. */
export const MAX_CONVERSATION_CHARS = 300_000;
/** Conversations per page of the list. */
export const LIST_PAGE_SIZE = 50;

const conversationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, - or _');

const titleSchema = z.string().trim().min(1, 'must not be empty').max(MAX_TITLE_CHARS);

const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
});

/** Body of `PUT /history/conversations/{conversationId}` (save the whole conversation). */
export const saveConversationSchema = z
  .object({
    title: titleSchema.optional(),
    modelId: z.string().min(1).max(200),
    messages: z.array(messageSchema).min(1).max(MAX_MESSAGES),
  })
  .refine(
    (body) =>
      body.messages.reduce((total, message) => total + message.content.length, 0) <=
      MAX_CONVERSATION_CHARS,
    {
      message: `messages may hold at most ${MAX_CONVERSATION_CHARS} characters`,
      path: ['messages'],
    },
  );

/** Body of `PATCH /history/conversations/{conversationId}` (rename). */
export const renameConversationSchema = z.object({ title: titleSchema });

export type ConversationMessage = z.infer<typeof messageSchema>;

/** A conversation as listed: no messages. */
export interface ConversationSummary {
  readonly conversationId: string;
  readonly title: string;
  readonly modelId: string;
  readonly messageCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Conversation extends ConversationSummary {
  readonly messages: readonly ConversationMessage[];
}

/** Validates a conversation id from the path. */
export function parseConversationId(value: string | undefined): string {
  const parsed = conversationIdSchema.safeParse(value);
  if (!parsed.success)
    throw badRequest(`conversationId ${parsed.error.issues[0]!.message}`, 'conversationId');
  return parsed.data;
}

/**
 * One user's conversations. The owner's `sub` is the partition key of every key this class
 * builds, so no call can reach another user's item: a foreign id simply does not exist.
 */
export class ConversationStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #retentionSeconds: number;
  readonly #now: () => Date;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    retentionDays: number;
    now?: () => Date;
  }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#retentionSeconds = options.retentionDays * 86_400;
    this.#now = options.now ?? (() => new Date());
  }

  /** The owner's conversations, newest change first; `cursor` continues a previous page. */
  async list(
    owner: string,
    cursor?: string,
  ): Promise<{ conversations: ConversationSummary[]; nextCursor?: string }> {
    const { Items = [], LastEvaluatedKey } = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        IndexName: CONVERSATIONS_TABLE.byUpdatedIndex.name,
        KeyConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: {
          '#owner': CONVERSATIONS_TABLE.partitionKey,
          '#id': 'conversationId',
          '#title': 'title',
          '#model': 'modelId',
          '#count': 'messageCount',
          '#created': 'createdAt',
          '#updated': 'updatedAt',
        },
        ExpressionAttributeValues: { ':owner': owner },
        ProjectionExpression: '#id, #title, #model, #count, #created, #updated',
        ScanIndexForward: false,
        Limit: LIST_PAGE_SIZE,
        ExclusiveStartKey: cursor ? decodeCursor(cursor, owner) : undefined,
      }),
    );
    return {
      conversations: Items.map(summaryOf),
      ...(LastEvaluatedKey ? { nextCursor: encodeCursor(LastEvaluatedKey) } : {}),
    };
  }

  async get(owner: string, conversationId: string): Promise<Conversation> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: key(owner, conversationId) }),
    );
    if (!Item) throw conversationNotFound();
    return { ...summaryOf(Item), messages: Item['messages'] as ConversationMessage[] };
  }

  /** Creates or replaces the owner's conversation; the first save fixes `createdAt`. */
  async save(
    owner: string,
    conversationId: string,
    body: z.infer<typeof saveConversationSchema>,
  ): Promise<ConversationSummary> {
    const now = this.#now();
    const title = body.title ?? defaultTitle(body.messages);
    const { Attributes } = await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: key(owner, conversationId),
        UpdateExpression:
          'SET #messages = :messages, #count = :count, #model = :model, #updated = :now, ' +
          '#created = if_not_exists(#created, :now), #title = ' +
          (body.title ? ':title' : 'if_not_exists(#title, :title)') +
          ', #ttl = :expiresAt',
        ExpressionAttributeNames: {
          '#messages': 'messages',
          '#count': 'messageCount',
          '#model': 'modelId',
          '#updated': 'updatedAt',
          '#created': 'createdAt',
          '#title': 'title',
          '#ttl': TTL_ATTRIBUTE,
        },
        ExpressionAttributeValues: {
          ':messages': body.messages,
          ':count': body.messages.length,
          ':model': body.modelId,
          ':now': now.toISOString(),
          ':title': title,
          ':expiresAt': this.#expiresAt(now),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return summaryOf(Attributes!);
  }

  async rename(owner: string, conversationId: string, title: string): Promise<ConversationSummary> {
    const now = this.#now();
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: key(owner, conversationId),
          UpdateExpression: 'SET #title = :title, #updated = :now, #ttl = :expiresAt',
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: {
            '#title': 'title',
            '#updated': 'updatedAt',
            '#ttl': TTL_ATTRIBUTE,
            '#id': CONVERSATIONS_TABLE.sortKey,
          },
          ExpressionAttributeValues: {
            ':title': title,
            ':now': now.toISOString(),
            ':expiresAt': this.#expiresAt(now),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return summaryOf(Attributes!);
    } catch (error) {
      throw notFoundIfConditionFailed(error);
    }
  }

  async delete(owner: string, conversationId: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteCommand({
          TableName: this.#tableName,
          Key: key(owner, conversationId),
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: { '#id': CONVERSATIONS_TABLE.sortKey },
        }),
      );
    } catch (error) {
      throw notFoundIfConditionFailed(error);
    }
  }

  #expiresAt(at: Date): number {
    return Math.floor(at.getTime() / 1000) + this.#retentionSeconds;
  }
}

function key(owner: string, conversationId: string): Record<string, string> {
  return {
    [CONVERSATIONS_TABLE.partitionKey]: owner,
    [CONVERSATIONS_TABLE.sortKey]: conversationId,
  };
}

// `save` is the only writer that creates an item and sets every one of these attributes.
function summaryOf(item: Record<string, unknown>): ConversationSummary {
  return {
    conversationId: String(item['conversationId']),
    title: String(item['title']),
    modelId: String(item['modelId']),
    messageCount: Number(item['messageCount']),
    createdAt: String(item['createdAt']),
    updatedAt: String(item['updatedAt']),
  };
}

/** The first user message, shortened: a title until the user renames the conversation. */
function defaultTitle(messages: readonly ConversationMessage[]): string {
  const first = messages.find((message) => message.role === 'user')?.content.trim() ?? '';
  const line = first.split('\n')[0]!.slice(0, 60);
  return line || 'Untitled conversation';
}

function notFoundIfConditionFailed(error: unknown): unknown {
  return error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
    ? conversationNotFound()
    : error;
}

function encodeCursor(lastKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(lastKey)).toString('base64url');
}

/** A cursor is only accepted for its own owner, so it cannot page through someone else's list. */
function decodeCursor(cursor: string, owner: string): Record<string, unknown> {
  try {
    const lastKey = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (lastKey[CONVERSATIONS_TABLE.partitionKey] === owner) return lastKey;
  } catch {
    // falls through to the error below
  }
  throw badRequest('cursor is not valid', 'cursor');
}
