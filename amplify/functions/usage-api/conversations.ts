import '../../contract/zod-messages.ts';

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';

import type { ChatMessage, Conversation, ConversationSummary } from '../../contract/history.ts';
import {
  conversationIdSchema,
  MAX_SEARCH_CHARS,
  type SaveConversationBody,
} from '../../contract/history-bodies.ts';
import { CONVERSATIONS_TABLE, TTL_ATTRIBUTE } from '../../usage/table-definitions.ts';
import { ApiError, badRequest } from '../shared/api-error.ts';

// The bodies are the contract's, so the app and this check agree.
export {
  MAX_CONVERSATION_CHARS,
  MAX_SEARCH_CHARS,
  MAX_TITLE_CHARS,
  renameConversationSchema,
  saveConversationSchema,
} from '../../contract/history-bodies.ts';

/** Conversations per page of the list. */
const LIST_PAGE_SIZE = 50;

/**
 * Pages of the list one search reads at most (each up to LIST_PAGE_SIZE conversations and
 * 1 MB): a search answers after this many with the matches so far and a cursor to go on.
 */
export const SEARCH_PAGES_PER_CALL = 4;

/** Validates the `q` of a search: trimmed, 1 to MAX_SEARCH_CHARS characters. */
export function parseSearch(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (text.length > MAX_SEARCH_CHARS)
    throw badRequest('q', `q must be at most ${MAX_SEARCH_CHARS} characters`);
  return text;
}

/** True when `text` (any case) appears in the conversation's title or one of its messages. */
export function conversationMatches(item: Record<string, unknown>, text: string): boolean {
  const needle = text.toLocaleLowerCase();
  const found = (value: unknown) =>
    typeof value === 'string' && value.toLocaleLowerCase().includes(needle);
  const messages = Array.isArray(item['messages']) ? (item['messages'] as ChatMessage[]) : [];
  return found(item['title']) || messages.some((message) => found(message.content));
}

/** Validates a conversation id from the path. */
export function parseConversationId(value: string | undefined): string {
  const parsed = conversationIdSchema.safeParse(value);
  if (!parsed.success)
    throw badRequest('conversationId', `conversationId ${parsed.error.issues[0]!.message}`);
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
  readonly #maxConversations: number;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    retentionDays: number;
    /** Conversations one owner may keep (`history.maxConversationsPerUser`). */
    maxConversations: number;
    now?: () => Date;
  }) {
    this.#maxConversations = options.maxConversations;
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#retentionSeconds = options.retentionDays * 86_400;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * The owner's conversations, newest change first; `cursor` continues a previous page. With
   * `search`, only those whose title or messages contain it (any case): up to
   * SEARCH_PAGES_PER_CALL pages are read, and `nextCursor` goes on where the reading stopped,
   * so a page of matches may be short, or empty, while older conversations remain.
   */
  async list(
    owner: string,
    cursor?: string,
    search?: string,
  ): Promise<{ conversations: ConversationSummary[]; nextCursor?: string }> {
    if (search === undefined) return this.#page(owner, cursor);
    const conversations: ConversationSummary[] = [];
    let next = cursor;
    for (let pages = 0; pages < SEARCH_PAGES_PER_CALL; pages++) {
      const page = await this.#page(owner, next, (item) => conversationMatches(item, search));
      conversations.push(...page.conversations);
      next = page.nextCursor;
      if (next === undefined || conversations.length >= LIST_PAGE_SIZE) break;
    }
    return { conversations, ...(next ? { nextCursor: next } : {}) };
  }

  /** One page of the list; with `keep`, the page's items are read whole and filtered by it. */
  async #page(
    owner: string,
    cursor: string | undefined,
    keep?: (item: Record<string, unknown>) => boolean,
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
          ...(keep ? { '#messages': 'messages' } : {}),
        },
        ExpressionAttributeValues: { ':owner': owner },
        // A search reads the messages too (DynamoDB's filters cannot look inside them).
        ProjectionExpression:
          '#id, #title, #model, #count, #created, #updated' + (keep ? ', #messages' : ''),
        ScanIndexForward: false,
        Limit: LIST_PAGE_SIZE,
        ExclusiveStartKey: cursor ? decodeCursor(cursor, owner) : undefined,
      }),
    );
    return {
      conversations: (keep ? Items.filter(keep) : Items).map(summaryOf),
      ...(LastEvaluatedKey ? { nextCursor: encodeCursor(LastEvaluatedKey) } : {}),
    };
  }

  async get(owner: string, conversationId: string): Promise<Conversation> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: key(owner, conversationId) }),
    );
    if (!Item) throw conversationNotFound();
    const settings = Item['settings'] as Conversation['settings'];
    return {
      ...summaryOf(Item),
      messages: Item['messages'] as ChatMessage[],
      ...(settings ? { settings } : {}),
    };
  }

  /**
   * Creates or replaces the owner's conversation; the first save fixes `createdAt`. A new
   * conversation beyond the owner's `maxConversations` is refused (409) until one is deleted.
   */
  async save(
    owner: string,
    conversationId: string,
    body: SaveConversationBody,
  ): Promise<ConversationSummary> {
    try {
      return await this.#write(owner, conversationId, body, 'attribute_exists(#id)');
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    // A new conversation. Concurrent first saves may pass the count together: the cap bounds
    // storage against abuse, it is not a quota to the item.
    if ((await this.#count(owner)) >= this.#maxConversations)
      throw new ApiError(
        409,
        'CONVERSATION_LIMIT',
        `You keep ${this.#maxConversations} conversations, the most allowed; delete one to save another`,
      );
    return this.#write(owner, conversationId, body);
  }

  /** How many conversations the owner has, counting no further than the cap. */
  async #count(owner: string): Promise<number> {
    let counted = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Count = 0, LastEvaluatedKey } = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': CONVERSATIONS_TABLE.partitionKey },
          ExpressionAttributeValues: { ':owner': owner },
          Select: 'COUNT',
          Limit: this.#maxConversations - counted,
          ExclusiveStartKey: startKey,
        }),
      );
      counted += Count;
      startKey = LastEvaluatedKey;
    } while (startKey && counted < this.#maxConversations);
    return counted;
  }

  async #write(
    owner: string,
    conversationId: string,
    body: SaveConversationBody,
    condition?: string,
  ): Promise<ConversationSummary> {
    const now = this.#now();
    const title = body.title ?? defaultTitle(body.messages);
    // A save without settings returns the conversation to the model's defaults.
    const settings = body.settings && Object.keys(body.settings).length > 0 ? body.settings : null;
    const { Attributes } = await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: key(owner, conversationId),
        UpdateExpression:
          'SET #messages = :messages, #count = :count, #model = :model, #updated = :now, ' +
          '#created = if_not_exists(#created, :now), #title = ' +
          (body.title ? ':title' : 'if_not_exists(#title, :title)') +
          ', #ttl = :expiresAt' +
          (settings ? ', #settings = :settings' : ' REMOVE #settings'),
        ...(condition ? { ConditionExpression: condition } : {}),
        ExpressionAttributeNames: {
          '#messages': 'messages',
          '#count': 'messageCount',
          '#model': 'modelId',
          '#updated': 'updatedAt',
          '#created': 'createdAt',
          '#title': 'title',
          '#ttl': TTL_ATTRIBUTE,
          '#settings': 'settings',
          ...(condition ? { '#id': CONVERSATIONS_TABLE.sortKey } : {}),
        },
        ExpressionAttributeValues: {
          ':messages': body.messages,
          ':count': body.messages.length,
          ':model': body.modelId,
          ':now': now.toISOString(),
          ':title': title,
          ':expiresAt': this.#expiresAt(now),
          ...(settings ? { ':settings': settings } : {}),
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
function defaultTitle(messages: readonly ChatMessage[]): string {
  const first = messages.find((message) => message.role === 'user')?.content.trim() ?? '';
  const line = first.split('\n')[0]!.slice(0, 60);
  return line || 'Untitled conversation';
}

/** Also answered for another user's conversation: its existence is not revealed. */
const conversationNotFound = () =>
  new ApiError(404, 'CONVERSATION_NOT_FOUND', 'No such conversation');

function isConditionFailed(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

function notFoundIfConditionFailed(error: unknown): unknown {
  return isConditionFailed(error) ? conversationNotFound() : error;
}

function encodeCursor(lastKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(lastKey)).toString('base64url');
}

/** A cursor is exactly a page key of the owner's list: its own owner, the key names, strings. */
const cursorSchema = z.strictObject({
  [CONVERSATIONS_TABLE.partitionKey]: z.string(),
  [CONVERSATIONS_TABLE.sortKey]: z.string(),
  [CONVERSATIONS_TABLE.byUpdatedIndex.sortKey]: z.string(),
});

/** A cursor is only accepted for its own owner, so it cannot page through someone else's list. */
function decodeCursor(cursor: string, owner: string): Record<string, unknown> {
  let lastKey: unknown;
  try {
    lastKey = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // falls through to the error below
  }
  const parsed = cursorSchema.safeParse(lastKey);
  if (parsed.success && parsed.data[CONVERSATIONS_TABLE.partitionKey] === owner) return parsed.data;
  throw badRequest('cursor', 'cursor is not valid');
}
