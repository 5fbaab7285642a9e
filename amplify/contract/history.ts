/** Shapes of the history routes (`/history/conversations`, docs/api.md). */
import type { AttachmentFormat } from './attachments.ts';

/** One turn of a conversation. */
export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** A conversation as listed (`GET /history/conversations`), without its messages. */
export interface ConversationSummary {
  readonly conversationId: string;
  readonly title: string;
  readonly modelId: string;
  readonly messageCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * What the history keeps of a file sent with a message: its name, kind, format and size, never
 * its bytes (a conversation item must stay under DynamoDB's 400 KB, and the files are the
 * user's own copies to send again).
 */
export interface AttachmentSummary {
  readonly kind: 'image' | 'document';
  readonly format: AttachmentFormat;
  readonly name: string;
  /** Size of the file, in bytes. */
  readonly bytes: number;
}

/**
 * A saved message: an answer also names the model that gave it (absent in older saves) and
 * its cost; a prompt names the files sent with it.
 */
export interface SavedMessage extends ChatMessage {
  readonly modelId?: string;
  readonly attachments?: readonly AttachmentSummary[];
  /** An answer: what the ledger charged for it, in nano-dollars (absent when unknown). */
  readonly costNanoUsd?: number;
}

/** A page of the list; `nextCursor` asks for the next one. */
export interface ConversationPage {
  readonly conversations: readonly ConversationSummary[];
  readonly nextCursor?: string;
}

/** A conversation's own system prompt and parameters, saved with it (absent: the model's defaults). */
export interface ConversationSettings {
  readonly system?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

/** A conversation as opened (`GET /history/conversations/{conversationId}`). */
export interface Conversation extends ConversationSummary {
  readonly messages: readonly SavedMessage[];
  /** Absent when the conversation uses the model's defaults (or was saved before settings). */
  readonly settings?: ConversationSettings;
}
